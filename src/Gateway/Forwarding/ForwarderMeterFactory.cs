using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Gateway.Forwarding;

/// <summary>
/// Makes the meters of the forwarder's HTTP handlers (YARP's <c>SocketsHttpHandler</c>s, one per cluster), so that
/// a metrics view can tell their instruments from those of every other HttpClient in the process: each meter's
/// <see cref="Meter.Scope"/> is this factory. One meter per name and version, however many handlers ask.
/// </summary>
internal sealed class ForwarderMeterFactory : IMeterFactory
{
    private readonly ConcurrentDictionary<(string Name, string? Version), Meter> _meters = new();

    public Meter Create(MeterOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return _meters.GetOrAdd(
            (options.Name, options.Version),
            static (_, state) => new Meter(new MeterOptions(state.options.Name) { Version = state.options.Version, Tags = state.options.Tags, Scope = state.factory }),
            (options, factory: this));
    }

    public void Dispose()
    {
        foreach (var meter in _meters.Values)
        {
            meter.Dispose();
        }

        _meters.Clear();
    }
}
