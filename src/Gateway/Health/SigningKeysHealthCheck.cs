using Gateway.Authentication;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Gateway.Health;

/// <summary>Ready once every user pool's keys were fetched at least once; until then its routes answer 500.</summary>
internal sealed class SigningKeysHealthCheck : IHealthCheck
{
    private readonly SigningKeySources _sources;

    public SigningKeysHealthCheck(SigningKeySources sources)
    {
        _sources = sources;
    }

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var data = new Dictionary<string, object>(StringComparer.Ordinal);
        var ready = true;
        foreach (var source in _sources.All)
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
