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
internal sealed class UpstreamErrorMiddleware
{
    private readonly RequestDelegate _next;
    private readonly GatewayMetrics _metrics;
    private readonly GatewayResponseWriter _writer;

    public UpstreamErrorMiddleware(RequestDelegate next, GatewayMetrics metrics, GatewayResponseWriter writer)
    {
        _next = next;
        _metrics = metrics;
        _writer = writer;
    }

    public async Task InvokeAsync(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        IForwarderErrorFeature? error = null;
        var errorRead = false;
        try
        {
            await _next(context);

            // Read once: a feature lookup is a generic virtual call that ends in Kestrel's list of extra features.
            error = context.Features.Get<IForwarderErrorFeature>();
            errorRead = true;
            if (error is not null && !context.Response.HasStarted)
            {
                await WriteErrorAsync(context);
            }
        }
        finally
        {
            // After the error response, so the status is the one the client got.
            if (!errorRead)
            {
                error = context.Features.Get<IForwarderErrorFeature>();
            }

            var route = context.GetReverseProxyFeature().Route.Config.RouteId;
            _metrics.UpstreamCompleted(route, context.Response.StatusCode, started, error is null || error.Error == ForwarderError.None ? null : error.Error.ToString());
        }
    }

    private async Task WriteErrorAsync(HttpContext context)
    {
        // A route Timeout fires through the request-timeout middleware, which cancels RequestAborted: YARP then
        // reports a cancelled request (400), but the client is still there, waiting for a 504.
        var routeTimedOut = context.Features.Get<IHttpRequestTimeoutFeature>()?.RequestTimeoutToken.IsCancellationRequested == true;
        if (!routeTimedOut && context.RequestAborted.IsCancellationRequested)
        {
            return;
        }

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
        await _writer.WriteAsync(context, type, status is >= 400 and < 500 and not 413 ? ReasonPhrase(status) : null, null, statusOverride);
    }

    private static string ReasonPhrase(int status) =>
        Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status) is { Length: > 0 } phrase ? phrase : "Bad Request";
}
