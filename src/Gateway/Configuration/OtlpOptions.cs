namespace Gateway.Configuration;

/// <summary>Export of traces and metrics to an OpenTelemetry collector; off while <see cref="Endpoint"/> is unset.</summary>
internal sealed class OtlpOptions
{
    /// <summary>The collector's base address, such as http://otel-collector:4317 (gRPC) or :4318 (HTTP).</summary>
    public string? Endpoint { get; set; }

    public OtlpProtocol Protocol { get; set; } = OtlpProtocol.Grpc;
}
