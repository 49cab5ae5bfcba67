namespace Gateway.Configuration;

/// <summary>
/// One customised gateway response, like API Gateway's
/// (https://docs.aws.amazon.com/apigateway/latest/developerguide/supported-gateway-response-types.html).
/// </summary>
internal sealed class GatewayResponseOptions
{
    public int? StatusCode { get; set; }

    /// <summary>
    /// Body template. <c>$context.error.messageString</c> (JSON-quoted), <c>$context.error.message</c>,
    /// <c>$context.error.responseType</c> and <c>$context.requestId</c> are substituted.
    /// </summary>
    public string? Body { get; set; }

    public string? ContentType { get; set; }

    public Dictionary<string, string> Headers { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}
