namespace Gateway.Tests.Observability;

/// <summary>
/// Tests that read metric values run alone. OpenTelemetry joins same-named instruments of every "Gateway" meter
/// in the process into one stream, and when another test's gateway is disposed its meter's end retires that
/// stream in this gateway's exporter too. One gateway per process, as in production, has no such neighbour.
/// </summary>
[CollectionDefinition(nameof(MetricsCollection), DisableParallelization = true)]
public sealed class MetricsCollection
{
}
