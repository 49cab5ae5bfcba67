using Gateway.Configuration;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace Gateway.Authentication;

/// <summary>
/// The signing keys of one user pool, fetched over HTTP by IdentityModel's <see cref="ConfigurationManager{T}"/>
/// (caching, last-known-good on failure, rate-limited refresh on an unknown kid). Shared by every authorizer
/// that lists the pool, so a pool is fetched once however often it is configured.
/// </summary>
internal sealed class SigningKeySource
{
    private readonly KeySetRetriever _retriever;

    public SigningKeySource(string issuer, string address, bool isJwks, HttpClient httpClient, SigningKeyOptions options, Action keysWithdrawn, Action<bool>? fetched = null)
    {
        Issuer = issuer;
        Address = address;
        IsJwks = isJwks;
        Settings = options.Snapshot();
        _retriever = new KeySetRetriever(issuer, isJwks, keysWithdrawn, fetched);
        var documents = new HttpDocumentRetriever(httpClient)
        {
            // Plain http was already refused by validation unless the host is loopback or the operator allowed it.
            RequireHttps = address.StartsWith("https:", StringComparison.OrdinalIgnoreCase),
        };
        Manager = new ConfigurationManager<OpenIdConnectConfiguration>(address, _retriever, documents)
        {
            AutomaticRefreshInterval = options.RefreshInterval,
            RefreshInterval = options.UnknownKidCooldown,

            // IdentityModel's default (true) retries a token whose kid is missing from the current keys against
            // the "last known good" configuration, for LastKnownGoodLifetime (1 h): a key the pool withdrew (after
            // a compromise, say) would keep validating new tokens for an hour after the refresh that dropped it.
            // aws-jwt-verify trusts only the current JWKS. Known keys still survive a failed fetch without this:
            // the manager keeps its current configuration when a refresh fails.
            UseLastKnownGoodConfiguration = false,
        };
    }

    public string Issuer { get; }

    public string Address { get; }

    public bool IsJwks { get; }

    /// <summary>The key settings this source was made with.</summary>
    public (TimeSpan RefreshInterval, TimeSpan UnknownKidCooldown, TimeSpan FetchTimeout) Settings { get; }

    public ConfigurationManager<OpenIdConnectConfiguration> Manager { get; }

    /// <summary>True once keys were fetched at least once; the manager keeps them if later fetches fail.</summary>
    public bool HasKeys => _retriever.SuccessCount > 0;

    /// <summary>Number of fetches of the key document, successful or not.</summary>
    public long FetchCount => _retriever.FetchCount;

    /// <summary>Fetches the keys if they are not there yet; false if they cannot be had.</summary>
    public async Task<bool> TryLoadAsync(CancellationToken cancellationToken)
    {
        if (HasKeys)
        {
            return true;
        }

        try
        {
            await Manager.GetConfigurationAsync(cancellationToken);
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }
}
