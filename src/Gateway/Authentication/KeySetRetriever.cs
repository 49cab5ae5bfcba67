using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace Gateway.Authentication;

/// <summary>
/// Gets a pool's keys from its OIDC discovery document or straight from a JWKS address, and insists that a
/// discovery document names the configured issuer: JwtBearer trusts the discovered issuer, so a document
/// naming another would widen what is accepted.
/// </summary>
internal sealed class KeySetRetriever : IConfigurationRetriever<OpenIdConnectConfiguration>
{
    private readonly string _issuer;
    private readonly bool _isJwks;
    private readonly Action _keysWithdrawn;
    private HashSet<string>? _kids;
    private long _fetchCount;
    private long _successCount;

    /// <param name="keysWithdrawn">Called when a fetch no longer publishes a kid the previous one did.</param>
    public KeySetRetriever(string issuer, bool isJwks, Action keysWithdrawn)
    {
        _issuer = issuer;
        _isJwks = isJwks;
        _keysWithdrawn = keysWithdrawn;
    }

    public long FetchCount => Interlocked.Read(ref _fetchCount);

    public long SuccessCount => Interlocked.Read(ref _successCount);

    public async Task<OpenIdConnectConfiguration> GetConfigurationAsync(string address, IDocumentRetriever retriever, CancellationToken cancel)
    {
        Interlocked.Increment(ref _fetchCount);
        OpenIdConnectConfiguration configuration;
        if (_isJwks)
        {
            var json = await retriever.GetDocumentAsync(address, cancel);
            configuration = new OpenIdConnectConfiguration { Issuer = _issuer, JwksUri = address, JsonWebKeySet = new JsonWebKeySet(json) };
            foreach (var key in configuration.JsonWebKeySet.GetSigningKeys())
            {
                configuration.SigningKeys.Add(key);
            }
        }
        else
        {
            configuration = await OpenIdConnectConfigurationRetriever.GetAsync(address, retriever, cancel);
            if (!string.Equals(configuration.Issuer?.TrimEnd('/'), _issuer, StringComparison.Ordinal))
            {
                throw new InvalidOperationException(
                    $"The discovery document at {address} names the issuer '{configuration.Issuer}', not the configured '{_issuer}'.");
            }
        }

        if (configuration.SigningKeys.Count == 0)
        {
            throw new InvalidOperationException($"The key set of {_issuer} has no usable signing key.");
        }

        var kids = configuration.SigningKeys.Select(k => k.KeyId).Where(k => k is not null).ToHashSet(StringComparer.Ordinal);
        var previous = Interlocked.Exchange(ref _kids, kids);
        if (previous is not null && !previous.IsSubsetOf(kids))
        {
            // A withdrawn key may have been compromised: results validated with it must not outlive it.
            _keysWithdrawn();
        }

        Interlocked.Increment(ref _successCount);
        return configuration;
    }
}
