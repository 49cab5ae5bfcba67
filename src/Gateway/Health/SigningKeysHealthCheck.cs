using Gateway.Runtime;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Gateway.Health;

/// <summary>Ready once every user pool's keys were fetched at least once; until then its routes answer 500.</summary>
internal sealed class SigningKeysHealthCheck : IHealthCheck
{
    private readonly GatewayStateProvider _state;

    public SigningKeysHealthCheck(GatewayStateProvider state)
    {
        _state = state;
    }

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var data = new Dictionary<string, object>(StringComparer.Ordinal);
        var ready = true;
        foreach (var source in _state.Current.KeySources.All)
        {
            var loaded = await source.TryLoadAsync(cancellationToken);
            data[source.Issuer] = loaded ? "keys loaded" : "keys unavailable";
            ready &= loaded;
        }

        return ready
            ? HealthCheckResult.Healthy("Signing keys of every user pool are loaded.", data)
            : HealthCheckResult.Unhealthy("Signing keys of some user pools could not be fetched.", data: data);
    }
}
