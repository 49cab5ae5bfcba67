using Gateway.Authentication;
using Gateway.Configuration;
using Gateway.Forwarding;
using Serilog.AspNetCore;
using Serilog.Events;
using Yarp.ReverseProxy.Forwarder;

namespace Gateway.Logging;

/// <summary>
/// One event per request (Serilog's request logging), enriched with the decision so an operator can tell
/// why a request was refused. Fields map to API Gateway access-log variables; never the token.
/// </summary>
internal static class RequestLogEnricher
{
    public static void Configure(RequestLoggingOptions options, HealthOptions health, string metricsPath)
    {
        // Probes and successful scrapes every few seconds per instance would drown the request log: Verbose.
        // A refused scrape (from a network not allowed) stays visible.
        options.GetLevel = (context, _, exception) =>
            context.Request.Path.Equals(health.LivePath, StringComparison.OrdinalIgnoreCase)
            || context.Request.Path.Equals(health.ReadyPath, StringComparison.OrdinalIgnoreCase)
            || (context.Response.StatusCode == StatusCodes.Status200OK && context.Request.Path.Equals(metricsPath, StringComparison.OrdinalIgnoreCase))
                ? LogEventLevel.Verbose
                : exception is not null || context.Response.StatusCode >= 500 ? LogEventLevel.Error : LogEventLevel.Information;
        options.MessageTemplate = "HTTP {RequestMethod} {RequestPath} responded {StatusCode} in {Elapsed:0.0000} ms: {Decision} ({Reason})";
        options.EnrichDiagnosticContext = (diagnostic, context) =>
        {
            var feature = context.Features.Get<GatewayRequestFeature>();

            // One rule for the log, the gateway.requests metric and the request's span.
            var (route, reason, forwarded, decision) = Observability.RequestOutcome.Of(context, feature);

            diagnostic.Set("RequestId", feature?.RequestId);
            diagnostic.Set("SourceIp", context.GetClientAddress());
            diagnostic.Set("RouteId", route?.RouteId);
            diagnostic.Set("Authorizer", feature?.Authorizer);
            diagnostic.Set("Decision", decision);
            diagnostic.Set("Reason", reason ?? "none");
            diagnostic.Set("ClientId", feature?.Token?.ClientId);
            diagnostic.Set("Sub", feature?.Token?.Subject);
            var forwarderError = context.Features.Get<IForwarderErrorFeature>();
            diagnostic.Set("UpstreamStatus", forwarded && forwarderError is null ? context.Response.StatusCode : null);
            diagnostic.Set("UpstreamError", forwarderError?.Error.ToString());
        };
    }
}
