using Serilog.Events;

namespace Gateway.Tests.Infrastructure;

public static class RequestLogExtensions
{
    /// <summary>The request-log event of the request that produced <paramref name="response"/>.</summary>
    public static Task<LogEvent> RequestEventAsync(this GatewayHost gateway, HttpResponseMessage response) =>
        gateway.Log.WaitForRequestEventAsync(GatewayAssert.RequestId(response));

    /// <summary>The reason code the gateway logged for the request that produced <paramref name="response"/>.</summary>
    public static async Task<string?> ReasonAsync(this GatewayHost gateway, HttpResponseMessage response) =>
        (await gateway.RequestEventAsync(response)).Scalar("Reason");

    public static string? Scalar(this LogEvent e, string property) =>
        e.Properties.TryGetValue(property, out var value) && value is ScalarValue { Value: { } v } ? v.ToString() : null;
}
