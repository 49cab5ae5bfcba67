namespace Gateway.Configuration;

/// <summary>The <c>Gateway:Observability</c> section: Prometheus metrics, the OTLP exporter and the request log. Applies at restart.</summary>
internal sealed class ObservabilityOptions
{
    public MetricsOptions Metrics { get; set; } = new();

    public OtlpOptions Otlp { get; set; } = new();

    public RequestLogOptions RequestLog { get; set; } = new();
}
