using Gateway.Configuration;
using Gateway.Observability;

namespace Gateway.Authentication;

/// <summary>Every user pool's key source, one per key address, for one configuration generation.</summary>
internal sealed class SigningKeySources
{
    private readonly Dictionary<string, SigningKeySource> _sources = new(StringComparer.Ordinal);

    /// <param name="previous">
    /// The sources of the configuration being replaced: a pool whose address, issuer and key settings are
    /// unchanged keeps its source, with its keys, so a reload causes no refetch and no gap.
    /// </param>
    /// <param name="metrics">Counts each source's key fetches by issuer and outcome; null in tests that need no metrics.</param>
    public SigningKeySources(GatewayOptions options, HttpClient httpClient, SigningKeySources? previous, TokenResultCache cache, GatewayMetrics? metrics = null)
    {
        foreach (var authorizer in options.Authorizers.Values)
        {
            foreach (var pool in authorizer.UserPools)
            {
                var address = pool.ResolveKeyAddress();
                if (_sources.ContainsKey(address))
                {
                    continue;
                }

                _sources[address] = previous?._sources.GetValueOrDefault(address) is { } kept
                    && kept.Issuer == pool.ResolveIssuer()
                    && kept.IsJwks == pool.UsesJwksUri
                    && kept.Settings == options.SigningKeys.Snapshot()
                        ? kept
                        : new SigningKeySource(pool.ResolveIssuer(), address, pool.UsesJwksUri, httpClient, options.SigningKeys, cache.Clear, KeysFetched(metrics, pool.ResolveIssuer()));
            }
        }
    }

    public IReadOnlyCollection<SigningKeySource> All => _sources.Values;

    private static Action<bool>? KeysFetched(GatewayMetrics? metrics, string issuer) =>
        metrics is null ? null : success => metrics.KeysFetched(issuer, success);

    public SigningKeySource ForPool(UserPoolOptions pool) => _sources[pool.ResolveKeyAddress()];

    /// <summary>The client every key fetch goes through: its Timeout is what bounds a hung issuer.</summary>
    public static HttpClient CreateHttpClient(SigningKeyOptions options)
    {
        var client = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            Timeout = options.FetchTimeout,
            MaxResponseContentBufferSize = 1024 * 1024,
        };
        client.DefaultRequestHeaders.UserAgent.ParseAdd("Gateway");
        return client;
    }
}
