using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Gateway.Bench.Micro;

/// <summary>
/// A pool's RS256 key and Cognito-shaped access tokens signed with it, plus the TokenValidationParameters the
/// gateway gives JwtBearer (copied from src/Gateway/Authentication/CognitoAuthenticationExtensions.cs: its
/// types are internal to the gateway and its tests, so the benchmarks replicate them and say so).
/// </summary>
internal sealed class BenchTokens
{
    public const string Issuer = "http://127.0.0.1:9229/local_bench";
    public const string ClientId = "bench-client";
    public const string Scope = "demo-api/hello";

    public BenchTokens(int count)
    {
        using var rsa = RSA.Create(2048);
        var parameters = rsa.ExportParameters(includePrivateParameters: true);
        var publicKey = new RsaSecurityKey(new RSAParameters { Modulus = parameters.Modulus, Exponent = parameters.Exponent });
        var kid = Base64UrlEncoder.Encode(publicKey.ComputeJwkThumbprint());
        SigningKey = JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(publicKey.Parameters) { KeyId = kid });

        var credentials = new SigningCredentials(new RsaSecurityKey(parameters) { KeyId = kid }, SecurityAlgorithms.RsaSha256);
        var handler = new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false };
        var now = DateTimeOffset.UtcNow;
        Tokens = new string[count];
        for (var i = 0; i < count; i++)
        {
            Tokens[i] = handler.CreateToken(new SecurityTokenDescriptor
            {
                Issuer = Issuer,
                IssuedAt = now.UtcDateTime,
                Expires = now.AddHours(2).UtcDateTime,
                SigningCredentials = credentials,
                Claims = new Dictionary<string, object>
                {
                    ["sub"] = ClientId,
                    ["token_use"] = "access",
                    ["scope"] = Scope + " demo-api/other",
                    ["auth_time"] = now.ToUnixTimeSeconds(),
                    ["version"] = 2,
                    ["jti"] = Guid.NewGuid().ToString(),
                    ["client_id"] = ClientId,
                },
            });
        }

        Parameters = new TokenValidationParameters
        {
            ValidIssuer = Issuer,
            ValidateIssuer = true,
            ValidateAudience = false,
            ValidateLifetime = true,
            RequireExpirationTime = true,
            RequireSignedTokens = true,
            ClockSkew = TimeSpan.Zero,
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
            TryAllIssuerSigningKeys = false,
            NameClaimType = "sub",
            RoleClaimType = "cognito:groups",
            IssuerSigningKeys = [SigningKey],
        };
    }

    /// <summary>The public key as the JWKS publishes it (what the gateway's configuration manager holds).</summary>
    public JsonWebKey SigningKey { get; }

    public string[] Tokens { get; }

    public TokenValidationParameters Parameters { get; }
}
