using Gateway.Configuration;

namespace Gateway.Health;

/// <summary>
/// The first step of a graceful stop: report not ready and keep serving for <c>Gateway:Limits:ShutdownDelay</c>,
/// then let the host close the listener and drain in-flight requests.
/// </summary>
internal sealed class ShutdownDelay : IHostedLifecycleService
{
    private readonly TimeSpan _delay;
    private volatile bool _draining;

    public ShutdownDelay(GatewayOptions options)
    {
        _delay = options.Limits.ShutdownDelay;
    }

    public bool IsDraining => _draining;

    public Task StoppingAsync(CancellationToken cancellationToken)
    {
        _draining = true;
        return _delay > TimeSpan.Zero ? Task.Delay(_delay, cancellationToken) : Task.CompletedTask;
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
