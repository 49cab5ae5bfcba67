using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Gateway.Health;

/// <summary>Not ready once a stop has begun, so traffic moves away before the listener closes.</summary>
internal sealed class ShutdownHealthCheck : IHealthCheck
{
    private readonly ShutdownDelay _shutdown;

    public ShutdownHealthCheck(ShutdownDelay shutdown)
    {
        _shutdown = shutdown;
    }

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(_shutdown.IsDraining ? HealthCheckResult.Unhealthy("Shutting down.") : HealthCheckResult.Healthy());
}
