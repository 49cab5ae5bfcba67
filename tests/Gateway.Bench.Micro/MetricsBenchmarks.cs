using System.Diagnostics;
using System.Diagnostics.Metrics;
using BenchmarkDotNet.Attributes;
using Gateway.Observability;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace Gateway.Bench.Micro;

/// <summary>
/// The gateway's own per-request metrics (src/Gateway/Observability/GatewayMetrics.cs) as a proxied request with a
/// cached token records them, collected by OpenTelemetry with cumulative temporality as the Prometheus exporter
/// reads them (the reader here exports nowhere: recording is what a request pays, exporting is the scrape's).
/// </summary>
[MemoryDiagnoser]
public class MetricsBenchmarks
{
    private ServiceProvider _services = null!;
    private GatewayMetrics _metrics = null!;
    private long _started;

    [GlobalSetup]
    public void Setup()
    {
        var services = new ServiceCollection();
        services.AddMetrics();
        services.AddSingleton<GatewayMetrics>();
        services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(GatewayMetrics.MeterName)
            .AddReader(new BaseExportingMetricReader(new NoExporter()) { TemporalityPreference = MetricReaderTemporalityPreference.Cumulative }));
        _services = services.BuildServiceProvider();
        _ = _services.GetRequiredService<MeterProvider>();
        _metrics = _services.GetRequiredService<GatewayMetrics>();
        _started = Stopwatch.GetTimestamp();
    }

    [GlobalCleanup]
    public void Cleanup() => _services.Dispose();

    [Benchmark]
    public void RequestCompleted() => _metrics.RequestCompleted("hello", 200, "allow", "allowed", Stopwatch.GetElapsedTime(_started));

    [Benchmark]
    public void AuthorizerCacheHit() => _metrics.AuthorizerCacheHit("cognito");

    [Benchmark]
    public void UpstreamCompleted() => _metrics.UpstreamCompleted("hello", 200, _started, null);

    /// <summary>Everything the gateway records for one proxied request whose token the cache answered.</summary>
    [Benchmark(Baseline = true)]
    public void OneRequest()
    {
        _metrics.AuthorizerCacheHit("cognito");
        _metrics.UpstreamCompleted("hello", 200, _started, null);
        _metrics.RequestCompleted("hello", 200, "allow", "allowed", Stopwatch.GetElapsedTime(_started));
    }

    private sealed class NoExporter : BaseExporter<Metric>
    {
        public override ExportResult Export(in Batch<Metric> batch) => ExportResult.Success;
    }
}
