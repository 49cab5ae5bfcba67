using Gateway.Configuration;
using Gateway.Forwarding;
using Gateway.Hosting;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Gateway.Observability;

internal static class ObservabilityExtensions
{
    private const string DefaultServiceName = "gateway";

    /// <summary>Per-request instruments of ASP.NET Core and HttpClient that are not collected (see the README, Metrics).</summary>
    internal static readonly string[] DroppedInstruments =
    [
        "http.server.request.duration",
        "http.server.active_requests",
        "aspnetcore.routing.match_attempts",
        "http.client.active_requests",
        "http.client.request.time_in_queue",
        "http.client.open_connections",
        "aspnetcore.memory_pool.rented",
        "aspnetcore.memory_pool.pooled",
    ];

    /// <summary>Dropped only where the forwarder records it (see <see cref="ForwarderMeterFactory"/>).</summary>
    internal const string ForwarderDroppedInstrument = "http.client.request.duration";

    /// <summary>
    /// The gateway's meter, OpenTelemetry metrics (Prometheus, OTLP) and tracing. Tracing is always on so that
    /// W3C <c>traceparent</c> reaches the backend; without an OTLP endpoint the gateway starts no sampled trace
    /// of its own (a caller's sampled trace is still continued, with its flag), so spans cost little when
    /// nothing would export them.
    /// </summary>
    public static IServiceCollection AddGatewayObservability(this IServiceCollection services, GatewayOptions options)
    {
        services.AddSingleton<GatewayMetrics>();
        var observability = options.Observability;
        var otlp = observability.Otlp.Endpoint is { } endpoint ? new Uri(endpoint) : null;
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(Environment.GetEnvironmentVariable("OTEL_SERVICE_NAME") ?? DefaultServiceName));

        if (observability.Metrics.Enabled || otlp is not null)
        {
            telemetry.WithMetrics(metrics =>
            {
                metrics.AddMeter(GatewayMetrics.MeterName)
                    .AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation();

                // Each instrument a request touches cost about 0.4 CPU-us in the load test (metrics on: 61.8 us per
                // proxied request, off: 57.2). These say little the kept ones do not (request durations, the
                // gateway's own counters and histograms), so they are not collected at all: a dropped instrument
                // is never enabled, and recording to it is free. The last three are recorded several times per
                // request: a pooled connection's state flips active and back, and Kestrel's memory pool counts
                // every block rented and returned. ASP.NET Core's http.server.request.duration cost about 2 % of the
                // CPU per proxied request (deploy/loadtest/pair.sh, one reused token, 6 paired rounds: median ratio
                // 0.978 without it); gateway.request.duration (by route and status, recorded with gateway.requests
                // from the elapsed time the request log already has) takes its place.
                foreach (var instrument in DroppedInstruments)
                {
                    metrics.AddView(instrument, MetricStreamConfiguration.Drop);
                }

                // The forwarder's request duration repeats gateway.upstream.duration (by route and status) on every
                // request, at about 2 CPU-us (load test, one reused token, four alternating rounds: 50.8-55.5 us per
                // request, median 51.6, vs 53.1-55.3, median 54.0; 6 MB less RSS). The key fetches' HttpClient keeps
                // it: their latency is nowhere else.
                metrics.AddView(instrument => instrument.Meter.Scope is ForwarderMeterFactory && instrument.Name == ForwarderDroppedInstrument
                    ? MetricStreamConfiguration.Drop
                    : null);
                if (observability.Metrics.Enabled)
                {
                    metrics.AddPrometheusExporter();
                }

                if (otlp is not null)
                {
                    metrics.AddOtlpExporter(exporter => ConfigureOtlp(exporter, otlp, observability.Otlp.Protocol, "v1/metrics"));
                }
            });
        }

        // Spans are recorded only when there is somewhere to send them: with the instrumentation on and nothing
        // exporting, the load test's gateway went from 67 to 73-88 CPU-us per request. W3C trace context still
        // reaches the backend without it (ASP.NET Core and HttpClient propagate traceparent on their own; tested).
        if (otlp is not null)
        {
            telemetry.WithTracing(tracing => tracing
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddOtlpExporter(exporter => ConfigureOtlp(exporter, otlp, observability.Otlp.Protocol, "v1/traces")));
        }

        return services;
    }

    /// <summary>
    /// Prometheus scraping on <c>Metrics:Path</c>, anonymous but only from <c>Metrics:AllowedNetworks</c>: from
    /// anywhere else the path answers 403 Missing Authentication Token, as if it did not exist.
    /// </summary>
    public static IEndpointRouteBuilder MapGatewayMetrics(this IEndpointRouteBuilder endpoints, MetricsOptions options)
    {
        if (!options.Enabled)
        {
            return endpoints;
        }

        var allowed = new NetworkAllowList(options.AllowedNetworks);
        endpoints.MapPrometheusScrapingEndpoint(
                options.Path,
                meterProvider: null,
                configureBranchedPipeline: branch => branch.Use((context, next) =>
                    allowed.Allows(context.Connection.RemoteIpAddress) ? next(context) : NoRouteEndpoint.HandleAsync(context)),
                optionsName: null)
            .AllowAnonymous();
        return endpoints;
    }

    private static void ConfigureOtlp(OtlpExporterOptions exporter, Uri endpoint, OtlpProtocol protocol, string httpPath)
    {
        exporter.Protocol = protocol == OtlpProtocol.HttpProtobuf ? OtlpExportProtocol.HttpProtobuf : OtlpExportProtocol.Grpc;

        // Set in code, the HTTP endpoint is used as given: the signal's path has to be added here.
        exporter.Endpoint = protocol == OtlpProtocol.HttpProtobuf ? new Uri(endpoint.AbsoluteUri.TrimEnd('/') + "/" + httpPath) : endpoint;
    }
}
