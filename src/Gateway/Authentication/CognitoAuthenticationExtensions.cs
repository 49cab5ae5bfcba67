using Gateway.Configuration;
using Gateway.Forwarding;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.Tokens;

namespace Gateway.Authentication;

internal static class CognitoAuthenticationExtensions
{
    /// <summary>
    /// Registers, per authorizer, a policy scheme that forwards to one JwtBearer scheme per user pool.
    /// JwtBearer's defaults are changed where they differ from API Gateway (see docs/pitfalls.md).
    /// </summary>
    public static IServiceCollection AddCognitoAuthorizers(this IServiceCollection services, GatewayOptions options)
    {
        var keySources = new SigningKeySources(options);
        var authorizers = new CognitoAuthorizers(options, keySources);
        var claimHeaders = new ClaimHeaderMap(options);
        services.AddSingleton(keySources);
        services.AddSingleton(authorizers);
        services.AddSingleton(claimHeaders);
        var cache = new TokenResultCache(TimeProvider.System);
        services.AddSingleton(cache);

        var authentication = services.AddAuthentication();
        foreach (var authorizer in authorizers.All)
        {
            authentication.AddPolicyScheme(authorizer.SchemeName, authorizer.Name, o => o.ForwardDefaultSelector = authorizer.SelectPoolScheme);
            foreach (var pool in authorizer.Pools)
            {
                authentication.AddJwtBearer(pool.SchemeName, o => ConfigureJwtBearer(o, authorizer, pool, new CognitoJwtBearerEvents(authorizer, pool, cache, claimHeaders)));
            }
        }

        return services;
    }

    private static void ConfigureJwtBearer(JwtBearerOptions o, CognitoAuthorizer authorizer, CognitoPool pool, JwtBearerEvents events)
    {
        var settings = authorizer.Options;
        o.ConfigurationManager = pool.Keys.Manager;
        o.RefreshOnIssuerKeyNotFound = true;
        o.MapInboundClaims = false;
        o.SaveToken = false;
        o.IncludeErrorDetails = false;
        o.TokenValidationParameters = new TokenValidationParameters
        {
            ValidIssuer = pool.Issuer,
            ValidateIssuer = true,

            // Cognito access tokens have no aud; the app client is checked against AllowedClientIds instead.
            ValidateAudience = false,
            ValidateLifetime = true,
            RequireExpirationTime = true,
            RequireSignedTokens = true,
            ClockSkew = settings.ClockSkew,
            ValidAlgorithms = settings.Algorithms.ToArray(),

            // The key is the one the kid names, or none: a correctly signed token with an unpublished kid is refused.
            TryAllIssuerSigningKeys = false,
            NameClaimType = "sub",
            RoleClaimType = "cognito:groups",
        };
        o.Events = events;
    }
}
