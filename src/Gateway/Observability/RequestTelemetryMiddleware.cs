using System.Diagnostics;
using Gateway.Authentication;
using Microsoft.AspNetCore.Http.Features;

namespace Gateway.Observability;

/// <summary>
/// Counts each finished request in <c>gateway.requests</c> and tags its server span with the route, decision,
/// reason and client id. A middleware rather than the request-log enricher: Serilog skips enrichment when the
/// request event's level is filtered out, and metrics must not depend on log levels.
/// </summary>
internal sealed class RequestTelemetryMiddleware
{
    private const string NoRoute = "none";

    private readonly RequestDelegate _next;
    private readonly GatewayMetrics _metrics;

    public RequestTelemetryMiddleware(RequestDelegate next, GatewayMetrics metrics)
    {
        _next = next;
        _metrics = metrics;
    }

    public async Task InvokeAsync(HttpContext context)
    {
        var failed = true;
        try
        {
            await _next(context);
            failed = false;
        }
        finally
        {
            Record(context, failed);
        }
    }

    private void Record(HttpContext context, bool failed)
    {
        var feature = context.Features.Get<GatewayRequestFeature>();
        var outcome = RequestOutcome.Of(context, feature);

        // Only what the gateway decided on: a route, or a refusal (no route, throttled, too large). Health
        // probes and scrapes have neither and would otherwise dominate the counts.
        if (outcome.Route is null && outcome.Reason is null)
        {
            return;
        }

        var status = failed && !context.Response.HasStarted ? StatusCodes.Status500InternalServerError : context.Response.StatusCode;
        var reason = outcome.Reason ?? "none";
        _metrics.RequestCompleted(outcome.Route?.RouteId ?? NoRoute, status, outcome.Decision, reason);

        if (context.Features.Get<IHttpActivityFeature>()?.Activity is { IsAllDataRequested: true } activity)
        {
            // A span is per request, so unlike a metric it may carry the client id.
            activity.SetTag("gateway.route", outcome.Route?.RouteId);
            activity.SetTag("gateway.decision", outcome.Decision);
            activity.SetTag("gateway.reason", reason);
            activity.SetTag("gateway.client_id", feature?.Token?.ClientId);
        }
    }
}
