using System.Security.Claims;
using Gateway.Configuration;
using Microsoft.AspNetCore.Authentication;

namespace Gateway.Authentication;

/// <summary>
/// One configured authorizer at run time. Its authentication scheme (<see cref="CognitoAuthorizerHandler"/>)
/// hands a token to the JwtBearer scheme of the pool named by its (not yet validated) <c>iss</c>, so a token
/// is only ever checked against its own pool's keys.
/// </summary>
internal sealed class CognitoAuthorizer
{
    public CognitoAuthorizer(string name, AuthorizerOptions options, SigningKeySources keySources, long generation)
    {
        Name = name;
        Options = options;
        SchemeName = SchemeNameFor(name);

        // Pool schemes carry the configuration generation: a reload registers new ones beside the old, whose
        // in-flight requests finish on the settings they started with.
        Pools = options.UserPools
            .Select((pool, i) => new CognitoPool(pool.ResolveIssuer(), $"{SchemeName}:g{generation}:{i}", keySources.ForPool(pool)))
            .ToArray();
        AllowedClientIds = options.AllowedClientIds.Count == 0 ? null : new HashSet<string>(options.AllowedClientIds, StringComparer.Ordinal);
        ResultTtl = TimeSpan.FromSeconds(options.ResultTtlSeconds);
        CacheHitResult = Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(
            new ClaimsPrincipal(new ClaimsIdentity(authenticationType: "cognito")), SchemeName)));
    }

    public string Name { get; }

    /// <summary>The authorizer's policy scheme, stable across reloads; authentication scheme names are case-sensitive, authorizer names are not.</summary>
    public static string SchemeNameFor(string authorizerName) => "cognito:" + authorizerName.ToLowerInvariant();

    public AuthorizerOptions Options { get; }

    public string SchemeName { get; }

    public CognitoPool[] Pools { get; }

    /// <summary>Null when any app client of the pools is accepted.</summary>
    public HashSet<string>? AllowedClientIds { get; }

    public TimeSpan ResultTtl { get; }

    /// <summary>
    /// What authentication answers for a cached token: success, with a principal shared by every request of
    /// this authorizer and carrying no claims. The gateway reads a request's token facts from its
    /// <see cref="GatewayRequestFeature.Token"/>, never from <c>HttpContext.User</c>; one principal per cached
    /// token cost about a kilobyte each.
    /// </summary>
    public Task<AuthenticateResult> CacheHitResult { get; }

    /// <summary>The pool scheme that validates this request's token, by its issuer.</summary>
    public string SelectPoolScheme(HttpContext context)
    {
        if (Pools.Length == 1)
        {
            return Pools[0].SchemeName;
        }

        var read = BearerTokenReader.Read(context, Options.IdentitySource);
        var issuer = read.HasToken ? PeekIssuer(context, BearerTokenReader.TokenText(context, read)) : null;
        foreach (var pool in Pools)
        {
            if (string.Equals(pool.Issuer, issuer, StringComparison.Ordinal))
            {
                return pool.SchemeName;
            }
        }

        // The first pool's scheme then refuses the token for its issuer, before any key lookup.
        return Pools[0].SchemeName;
    }

    /// <summary>
    /// The <c>iss</c> of a token that has not been validated yet, or null if the token does not have the strict
    /// shape (<see cref="StrictTokenShape"/>) or no issuer. Read once per request; only used to pick the pool and to
    /// refuse foreign tokens early; the pool's scheme validates the issuer again with the signature.
    /// </summary>
    public static string? PeekIssuer(HttpContext context, string token)
    {
        var feature = context.GetGatewayFeature();
        if (feature.PeekedIssuer is null)
        {
            feature.PeekedIssuer = StrictTokenShape.IsValid(token, out var issuer) && issuer is { Length: > 0 } ? issuer : string.Empty;
        }

        return feature.PeekedIssuer.Length == 0 ? null : feature.PeekedIssuer;
    }
}
