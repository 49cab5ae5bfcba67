using Gateway.LocalCognito.Hosting;
using Gateway.LocalCognito.Keys;
using Gateway.LocalCognito.Pool;
using Microsoft.AspNetCore.Http;

namespace Gateway.LocalCognito.Discovery;

/// <summary>
/// GET /{poolId}/.well-known/openid-configuration and /jwks.json, at the same paths below the issuer as Cognito's.
/// https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-using-tokens-verifying-a-jwt.html
/// </summary>
internal sealed class DiscoveryHandler(UserPool pool, PoolAddress address, SigningKeyStore keys)
{
    public const string PoolIdRouteValue = "poolId";

    private const string UserAdminScope = "aws.cognito.signin.user.admin";

    public Task OpenIdConfigurationAsync(HttpContext context)
    {
        if (!IsThisPool(context))
        {
            return NotFound.WriteAsync(context);
        }

        var urls = address.Urls;
        var document = new OpenIdConfiguration(
            urls.Issuer,
            urls.JwksUri,
            urls.TokenEndpoint,
            ResponseTypesSupported: ["token"],
            GrantTypesSupported: ["client_credentials"],
            SubjectTypesSupported: ["public"],
            IdTokenSigningAlgValuesSupported: ["RS256"],
            TokenEndpointAuthMethodsSupported: ["client_secret_basic", "client_secret_post"],
            ScopesSupported: [.. pool.CustomScopes, UserAdminScope]);
        return context.Response.WriteAsJsonAsync(document, LocalCognitoJsonContext.Default.OpenIdConfiguration);
    }

    public Task JwksAsync(HttpContext context)
    {
        if (!IsThisPool(context))
        {
            return NotFound.WriteAsync(context);
        }

        var published = keys.Published
            .Select(k => new PublicJwk(k.PublicJwk.Alg, k.PublicJwk.E, k.PublicJwk.Kid, k.PublicJwk.Kty, k.PublicJwk.N, k.PublicJwk.Use))
            .ToArray();
        return context.Response.WriteAsJsonAsync(new JwksDocument(published), LocalCognitoJsonContext.Default.JwksDocument);
    }

    private bool IsThisPool(HttpContext context) =>
        string.Equals(context.Request.RouteValues[PoolIdRouteValue] as string, pool.PoolId, StringComparison.Ordinal);
}
