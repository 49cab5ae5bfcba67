using System.Diagnostics;
using Gateway.Observability;
using Gateway.Responses;
using Microsoft.AspNetCore.Http.Timeouts;
using Yarp.ReverseProxy.Model;
using Yarp.ReverseProxy.Forwarder;

namespace Gateway.Forwarding;

/// <summary>
/// Runs in YARP's pipeline around the forwarder: when forwarding failed before the response started, the
/// client gets a gateway response (JSON, x-amzn-ErrorType) instead of YARP's empty body. A failure after the
/// response started cannot be turned into a status; the client sees an aborted response, as with API Gateway.
/// </summary>
internal static class UpstreamErrorMiddleware
{
    public static async Task InvokeAsync(HttpContext context, Func<Task> next)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await next();
            await WriteErrorAsync(context);
        }
        finally
        {
            // After the error response, so the status is the one the client got.
            var route = context.GetReverseProxyFeature().Route.Config.RouteId;
            var error = context.Features.Get<IForwarderErrorFeature>()?.Error;
            context.RequestServices.GetRequiredService<GatewayMetrics>()
                .UpstreamCompleted(route, context.Response.StatusCode, started, error is null or ForwarderError.None ? null : error.Value.ToString());
        }
    }

    private static async Task WriteErrorAsync(HttpContext context)
    {
        var error = context.Features.Get<IForwarderErrorFeature>();
        if (error is null || context.Response.HasStarted)
        {
            return;
        }

        // A route Timeout fires through the request-timeout middleware, which cancels RequestAborted: YARP then
        // reports a cancelled request (400), but the client is still there, waiting for a 504.
        var routeTimedOut = context.Features.Get<IHttpRequestTimeoutFeature>()?.RequestTimeoutToken.IsCancellationRequested == true;
        if (!routeTimedOut && context.RequestAborted.IsCancellationRequested)
        {
            return;
        }

        var writer = context.RequestServices.GetRequiredService<GatewayResponseWriter>();
        var status = routeTimedOut ? StatusCodes.Status504GatewayTimeout : context.Response.StatusCode;
        var (type, statusOverride) = status switch
        {
            StatusCodes.Status504GatewayTimeout => (GatewayResponseType.IntegrationTimeout, (int?)null),
            StatusCodes.Status413PayloadTooLarge => (GatewayResponseType.RequestTooLarge, null),
            >= 400 and < 500 => (GatewayResponseType.Default4xx, status),
            StatusCodes.Status503ServiceUnavailable => (GatewayResponseType.IntegrationFailure, status),
            _ => (GatewayResponseType.IntegrationFailure, null),
        };

        // YARP may have set headers for its own empty response; the gateway response replaces it.
        context.Response.Headers.Clear();
        await writer.WriteAsync(context, type, status is >= 400 and < 500 and not 413 ? ReasonPhrase(status) : null, null, statusOverride);
    }

    private static string ReasonPhrase(int status) =>
        Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status) is { Length: > 0 } phrase ? phrase : "Bad Request";
}
