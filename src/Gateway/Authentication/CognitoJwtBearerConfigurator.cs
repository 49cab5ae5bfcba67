using Gateway.Runtime;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Gateway.Authentication;

/// <summary>
/// Configures each pool's JwtBearer scheme from the gateway state, when ASP.NET Core first asks for the
/// scheme's options. JwtBearer's defaults are changed where they differ from API Gateway (docs/pitfalls.md).
/// </summary>
internal sealed class CognitoJwtBearerConfigurator : IConfigureNamedOptions<JwtBearerOptions>
{
    private readonly GatewayStateProvider _state;
    private readonly TokenResultCache _cache;

    public CognitoJwtBearerConfigurator(GatewayStateProvider state, TokenResultCache cache)
    {
        _state = state;
        _cache = cache;
    }

    public void Configure(JwtBearerOptions options) => Configure(Options.DefaultName, options);

    public void Configure(string? name, JwtBearerOptions o)
    {
        if (name is null || !_state.TryFindPool(name, out var authorizer, out var pool))
        {
            return;
        }

        var settings = authorizer!.Options;
        o.ConfigurationManager = pool!.Keys.Manager;
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
        o.Events = new CognitoJwtBearerEvents(authorizer, pool, _cache, _state.Current.ClaimHeaders);
    }
}
