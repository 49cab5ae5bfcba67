namespace Gateway.LocalCognito.Pool;

/// <summary>The URLs the service advertises; all derive from one public base so discovery and tokens agree.</summary>
internal sealed record PoolUrls(Uri BaseAddress, string Issuer, string JwksUri, string TokenEndpoint)
{
    public static PoolUrls Create(Uri boundAddress, string? publicUrl, string poolId)
    {
        var publicBase = (publicUrl ?? boundAddress.AbsoluteUri).TrimEnd('/');
        var issuer = $"{publicBase}/{poolId}";
        return new PoolUrls(boundAddress, issuer, $"{issuer}/.well-known/jwks.json", $"{publicBase}/oauth2/token");
    }
}
