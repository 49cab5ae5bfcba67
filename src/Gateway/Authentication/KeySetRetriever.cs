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
    private readonly Action<bool>? _fetched;
    private HashSet<string>? _kids;
    private long _fetchCount;
    private long _successCount;

    /// <param name="keysWithdrawn">Called when a fetch no longer publishes a kid the previous one did.</param>
    /// <param name="fetched">Called after each fetch with its outcome (the gateway.keys.fetches metric).</param>
    public KeySetRetriever(string issuer, bool isJwks, Action keysWithdrawn, Action<bool>? fetched = null)
    {
        _issuer = issuer;
        _isJwks = isJwks;
        _keysWithdrawn = keysWithdrawn;
        _fetched = fetched;
    }

    public long FetchCount => Interlocked.Read(ref _fetchCount);

    public long SuccessCount => Interlocked.Read(ref _successCount);

    public async Task<OpenIdConnectConfiguration> GetConfigurationAsync(string address, IDocumentRetriever retriever, CancellationToken cancel)
    {
        Interlocked.Increment(ref _fetchCount);
        try
        {
            var configuration = await FetchAsync(address, retriever, cancel);
            _fetched?.Invoke(true);
            return configuration;
        }
        catch when (!cancel.IsCancellationRequested)
        {
            // A fetch given up by its caller is no failure of the pool; everything else is.
            _fetched?.Invoke(false);
            throw;
        }
    }

    private async Task<OpenIdConnectConfiguration> FetchAsync(string address, IDocumentRetriever retriever, CancellationToken cancel)
    {
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
