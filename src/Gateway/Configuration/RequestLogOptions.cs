namespace Gateway.Configuration;

/// <summary>The <c>Gateway:Observability:RequestLog</c> section. Applies at restart.</summary>
internal sealed class RequestLogOptions
{
    /// <summary>
    /// Serilog (the default: any sink and formatter), or Text / Json written straight to standard output, the same
    /// bytes as Serilog's default template / compact JSON formatter, at a fraction of the cost per request.
    /// </summary>
    public RequestLogOutput Output { get; set; } = RequestLogOutput.Serilog;
}
