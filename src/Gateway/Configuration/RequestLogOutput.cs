namespace Gateway.Configuration;

/// <summary>Where the request log goes (<c>Gateway:Observability:RequestLog:Output</c>).</summary>
internal enum RequestLogOutput
{
    /// <summary>One Serilog event per request, to whatever sinks, formatter, filters and enrichers Serilog has.</summary>
    Serilog,

    /// <summary>
    /// One line per request written by the gateway itself to standard output: the line Serilog's default output
    /// template renders for the event, without building the event.
    /// </summary>
    Text,

    /// <summary>One JSON object per line on standard output: the object Serilog's <c>RenderedCompactJsonFormatter</c> writes for the event.</summary>
    Json,
}
