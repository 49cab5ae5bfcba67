using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Gateway.Bench.Baselines;

/// <summary>
/// Writes many distinct, valid client_credentials access tokens for the "1,000 tokens" and "every token unique"
/// mixes. The token endpoint would do, but one HTTP round trip per token is slower than signing here with the
/// same key: the local service's key file (active key first), its kid (RFC 7638 thumbprint, as the JWKS
/// publishes it) and its claim set. The file format is read here rather than through LocalCognito's internals,
/// which are visible to its tests only.
/// </summary>
internal static class MintMode
{
    public static int Run(string keyFile, string issuer, int count, string outFile, string scope, string clientId, int lifetimeSeconds)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(keyFile));
        var pem = document.RootElement.GetProperty("keys")[0].GetProperty("privateKeyPem").GetString()
            ?? throw new FormatException($"{keyFile}: keys[0].privateKeyPem is missing.");
        using var rsa = RSA.Create();
        rsa.ImportFromPem(pem);
        var parameters = rsa.ExportParameters(includePrivateParameters: true);
        var kid = Base64UrlEncoder.Encode(new RsaSecurityKey(new RSAParameters { Modulus = parameters.Modulus, Exponent = parameters.Exponent }).ComputeJwkThumbprint());
        var credentials = new SigningCredentials(new RsaSecurityKey(parameters) { KeyId = kid }, SecurityAlgorithms.RsaSha256);

        // Without this the handler adds nbf, which Cognito tokens do not carry.
        var handler = new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false };
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var tokens = new string[count];

        // RS256 signing dominates (about 1 ms per token): both cores.
        Parallel.For(0, count, i =>
        {
            tokens[i] = handler.CreateToken(new SecurityTokenDescriptor
            {
                Issuer = issuer,
                IssuedAt = DateTimeOffset.FromUnixTimeSeconds(now).UtcDateTime,
                Expires = DateTimeOffset.FromUnixTimeSeconds(now + lifetimeSeconds).UtcDateTime,
                SigningCredentials = credentials,
                Claims = new Dictionary<string, object>
                {
                    ["sub"] = clientId,
                    ["token_use"] = "access",
                    ["scope"] = scope,
                    ["auth_time"] = now,
                    ["version"] = 2,
                    ["jti"] = Guid.NewGuid().ToString(),
                    ["client_id"] = clientId,
                },
            });
        });

        var temporary = outFile + ".tmp";
        File.WriteAllLines(temporary, tokens);
        File.Move(temporary, outFile, overwrite: true);
        Console.WriteLine($"minted {count} tokens (kid {kid}, iss {issuer}) to {outFile}");
        return 0;
    }
}
