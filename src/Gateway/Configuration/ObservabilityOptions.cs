namespace Gateway.Configuration;

/// <summary>The <c>Gateway:Observability</c> section: Prometheus metrics and the OTLP exporter. Applies at restart.</summary>
internal sealed class ObservabilityOptions
{
    public MetricsOptions Metrics { get; set; } = new();

    public OtlpOptions Otlp { get; set; } = new();
}
