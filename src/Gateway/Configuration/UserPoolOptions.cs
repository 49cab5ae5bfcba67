namespace Gateway.Configuration;

/// <summary>
/// A Cognito user pool, by region and pool id or by issuer URL. The key addresses default to the
/// pool's public ones and can be overridden for private endpoints and tests.
/// </summary>
internal sealed class UserPoolOptions
{
    public string? Region { get; set; }

    public string? PoolId { get; set; }

    /// <summary>Overrides Region/PoolId: the exact <c>iss</c> the pool's tokens carry.</summary>
    public string? Issuer { get; set; }

    /// <summary>OIDC discovery document; default <c>{issuer}/.well-known/openid-configuration</c>.</summary>
    public string? MetadataAddress { get; set; }

    /// <summary>JWKS document fetched directly, without discovery.</summary>
    public string? JwksUri { get; set; }

    /// <summary>
    /// Plain http for key fetching is refused unless the host is loopback or this is set
    /// (for a private network such as docker compose).
    /// </summary>
    public bool AllowInsecureHttp { get; set; }

    public string ResolveIssuer() =>
        !string.IsNullOrWhiteSpace(Issuer)
            ? Issuer.TrimEnd('/')
            : $"https://cognito-idp.{Region}.amazonaws.com/{PoolId}";

    public bool UsesJwksUri => !string.IsNullOrWhiteSpace(JwksUri);

    /// <summary>Where the keys are fetched from: the JWKS override, the metadata override, or the issuer's discovery document.</summary>
    public string ResolveKeyAddress() =>
        UsesJwksUri ? JwksUri!
        : !string.IsNullOrWhiteSpace(MetadataAddress) ? MetadataAddress!
        : ResolveIssuer() + "/.well-known/openid-configuration";
}
