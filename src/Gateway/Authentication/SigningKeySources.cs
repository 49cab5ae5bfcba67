using Gateway.Configuration;

namespace Gateway.Authentication;

/// <summary>Every user pool's key source, one per key address.</summary>
internal sealed class SigningKeySources : IDisposable
{
    private readonly Dictionary<string, SigningKeySource> _sources = new(StringComparer.Ordinal);
    private readonly HttpClient _httpClient;

    public SigningKeySources(GatewayOptions options)
    {
        // One client for every pool: its Timeout is what bounds a hung issuer.
        _httpClient = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            Timeout = options.SigningKeys.FetchTimeout,
            MaxResponseContentBufferSize = 1024 * 1024,
        };
        _httpClient.DefaultRequestHeaders.UserAgent.ParseAdd("Gateway");

        foreach (var authorizer in options.Authorizers.Values)
        {
            foreach (var pool in authorizer.UserPools)
            {
                var address = pool.ResolveKeyAddress();
                if (!_sources.ContainsKey(address))
                {
                    _sources[address] = new SigningKeySource(pool.ResolveIssuer(), address, pool.UsesJwksUri, _httpClient, options.SigningKeys);
                }
            }
        }
    }

    public IReadOnlyCollection<SigningKeySource> All => _sources.Values;

    public SigningKeySource ForPool(UserPoolOptions pool) => _sources[pool.ResolveKeyAddress()];

    public void Dispose() => _httpClient.Dispose();
}
