using Gateway.Authentication;
using Gateway.Configuration;
using Gateway.Forwarding;
using Gateway.Observability;

namespace Gateway.Runtime;

/// <summary>
/// One generation of the reloadable configuration and everything derived from it. Immutable: a reload builds a
/// new one and swaps it in, so a request sees one consistent configuration from start to end.
/// </summary>
internal sealed class GatewayState
{
    public GatewayState(GatewayOptions options, long generation, HttpClient keyClient, GatewayState? previous, TokenResultCache cache, GatewayMetrics? metrics = null)
    {
        Options = options;
        Generation = generation;
        KeySources = new SigningKeySources(options, keyClient, previous?.KeySources, cache, metrics);
        Authorizers = new CognitoAuthorizers(options, KeySources, generation);
        ClaimHeaders = new ClaimHeaderMap(options);
        Forwarded = new ForwardedHeaders(options.Forwarding);
        PoolSchemes = Authorizers.All
            .SelectMany(a => a.Pools.Select(p => (Authorizer: a, Pool: p)))
            .ToDictionary(x => x.Pool.SchemeName, StringComparer.Ordinal);
    }

    public GatewayOptions Options { get; }

    public long Generation { get; }

    public SigningKeySources KeySources { get; }

    public CognitoAuthorizers Authorizers { get; }

    public ClaimHeaderMap ClaimHeaders { get; }

    public ForwardedHeaders Forwarded { get; }

    /// <summary>Every JwtBearer scheme of this generation, by name.</summary>
    public Dictionary<string, (CognitoAuthorizer Authorizer, CognitoPool Pool)> PoolSchemes { get; }
}
