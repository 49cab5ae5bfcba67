using System.Diagnostics;
using Gateway.Authentication;
using Gateway.Logging;
using Gateway.Observability;
using Microsoft.AspNetCore.Http.Features;

namespace Gateway.Hosting;

/// <summary>
/// Begins and ends every request, in one middleware rather than three nested ones: gives it API Gateway's
/// <c>x-amzn-RequestId</c> (a fresh UUID; a client-sent one is not trusted, and the header is set when the
/// response starts so that it wins over a value the backend may have sent), the per-request gateway
/// state and request services that create no DI scope unless one is needed (<see cref="GatewayRequestServices"/>);
/// when it ends, counts and times it (<c>gateway.requests</c>, <c>gateway.request.duration</c>), tags
/// its span and writes the request log, all from one <see cref="RequestOutcome"/> so the three never disagree.
/// Metrics do not depend on log levels.
/// </summary>
internal sealed class GatewayRequestMiddleware
{
    public const string RequestIdHeader = "x-amzn-RequestId";

    private const string NoRoute = "none";

    private static readonly Func<object, Task> SetRequestIdHeader = state =>
    {
        var context = (HttpContext)state;
        context.Response.Headers[RequestIdHeader] = context.GetGatewayFeature().RequestId;
        return Task.CompletedTask;
    };

    private readonly RequestDelegate _next;
    private readonly GatewayMetrics _metrics;
    private readonly RequestLog _log;
    private readonly SingletonServices _singletons;

    public GatewayRequestMiddleware(RequestDelegate next, GatewayMetrics metrics, RequestLog log, SingletonServices singletons)
    {
        _next = next;
        _metrics = metrics;
        _log = log;
        _singletons = singletons;
    }

    public async Task InvokeAsync(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        var feature = new GatewayRequestFeature(RequestIds.Next());
        context.SetGatewayFeature(feature);
        context.Features.Set<IServiceProvidersFeature>(new GatewayRequestServices(context, _singletons));
        context.Response.OnStarting(SetRequestIdHeader, context);
        try
        {
            await _next(context);
        }
        catch (Exception ex) when (Completed(context, feature, started, ex))
        {
            // Completed returns false: the exception goes on to the server, which answers 500.
        }

        Completed(context, feature, started, exception: null);
    }

    private bool Completed(HttpContext context, GatewayRequestFeature feature, long started, Exception? exception)
    {
        var elapsed = Stopwatch.GetElapsedTime(started);
        var status = exception is not null && !context.Response.HasStarted ? StatusCodes.Status500InternalServerError : context.Response.StatusCode;
        var outcome = RequestOutcome.Of(context, feature);
        Record(context, feature, outcome, status, elapsed);
        _log.Write(context, feature, outcome, status, elapsed.TotalMilliseconds, exception);
        return false;
    }

    private void Record(HttpContext context, GatewayRequestFeature feature, in RequestOutcome outcome, int status, TimeSpan elapsed)
    {
        // Only what the gateway decided on: a route, or a refusal (no route, throttled, too large). Health
        // probes and scrapes have neither and would otherwise dominate the counts.
        if (outcome.Route is null && outcome.Reason is null)
        {
            return;
        }

        var reason = outcome.Reason ?? "none";
        _metrics.RequestCompleted(outcome.Route?.RouteId ?? NoRoute, status, outcome.Decision, reason, elapsed);

        // Hosting creates an activity for every request (for trace propagation) even when nothing records it;
        // tags on it are read only by listeners of its source.
        if (context.Features.Get<IHttpActivityFeature>()?.Activity is { IsAllDataRequested: true } activity && activity.Source.HasListeners())
        {
            // A span is per request, so unlike a metric it may carry the client id.
            activity.SetTag("gateway.route", outcome.Route?.RouteId);
            activity.SetTag("gateway.decision", outcome.Decision);
            activity.SetTag("gateway.reason", reason);
            activity.SetTag("gateway.client_id", feature.Token?.ClientId);
        }
    }
}
