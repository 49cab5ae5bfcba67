using System.Text;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Gateway.Tests.Infrastructure;

/// <summary>Real RS256 JWTs shaped like Cognito's (authorizer-semantics.md section 4).</summary>
public static class Tokens
{
    private static readonly JsonWebTokenHandler Handler = new() { SetDefaultTimesOnTokenCreation = false };

    /// <summary>A client_credentials access token: sub = client_id, token_use access, scope, version 2, no aud.</summary>
    public static Dictionary<string, object> AccessClaims(string issuer, string clientId, string scope, TimeSpan? lifetime = null)
    {
        var now = DateTimeOffset.UtcNow;
        return new Dictionary<string, object>
        {
            ["sub"] = clientId,
            ["token_use"] = "access",
            ["scope"] = scope,
            ["auth_time"] = now.ToUnixTimeSeconds(),
            ["iss"] = issuer,
            ["exp"] = now.Add(lifetime ?? TimeSpan.FromHours(1)).ToUnixTimeSeconds(),
            ["iat"] = now.ToUnixTimeSeconds(),
            ["version"] = 2,
            ["jti"] = Guid.NewGuid().ToString(),
            ["client_id"] = clientId,
        };
    }

    /// <summary>An ID token from user sign-in: aud = app client id, token_use id.</summary>
    public static Dictionary<string, object> IdClaims(string issuer, string clientId, string username = "alice", TimeSpan? lifetime = null)
    {
        var now = DateTimeOffset.UtcNow;
        return new Dictionary<string, object>
        {
            ["sub"] = "5f0c1f5e-2a7b-4f43-9d1c-" + username.GetHashCode().ToString("x8").PadLeft(12, '0'),
            ["aud"] = clientId,
            ["email_verified"] = true,
            ["token_use"] = "id",
            ["auth_time"] = now.ToUnixTimeSeconds(),
            ["iss"] = issuer,
            ["cognito:username"] = username,
            ["exp"] = now.Add(lifetime ?? TimeSpan.FromHours(1)).ToUnixTimeSeconds(),
            ["iat"] = now.ToUnixTimeSeconds(),
            ["jti"] = Guid.NewGuid().ToString(),
            ["email"] = username + "@example.com",
        };
    }

    public static string Access(TestIssuer.Pool pool, string clientId, string scope, TimeSpan? lifetime = null) =>
        Sign(AccessClaims(pool.Issuer, clientId, scope, lifetime), pool.ActiveKey);

    public static string Id(TestIssuer.Pool pool, string clientId, string username = "alice") =>
        Sign(IdClaims(pool.Issuer, clientId, username), pool.ActiveKey);

    /// <summary>Signs claims with RS256 (or another algorithm) under the key's kid; header is {alg, kid, typ}.</summary>
    public static string Sign(IDictionary<string, object> claims, SecurityKey key, string algorithm = SecurityAlgorithms.RsaSha256)
    {
        return Handler.CreateToken(new SecurityTokenDescriptor
        {
            Claims = claims,
            SigningCredentials = new SigningCredentials(key, algorithm),
        });
    }

    /// <summary>Builds a token from raw header and payload JSON and an arbitrary signature segment (for hostile tokens).</summary>
    public static string Raw(string headerJson, string payloadJson, string signature = "") =>
        $"{Base64UrlEncoder.Encode(headerJson)}.{Base64UrlEncoder.Encode(payloadJson)}.{signature}";

    public static string PayloadJson(IDictionary<string, object> claims) => JsonSerializer.Serialize(claims);

    public static string Utf8(string s) => Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes(s));
}
