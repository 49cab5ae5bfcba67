using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Gateway.LocalCognito.Tests.Infrastructure;

/// <summary>Validates tokens the way a gateway does: keys fetched over HTTP, the kid must match one key.</summary>
internal static class Jwks
{
    public static async Task<TokenValidationResult> ValidateAsync(LocalCognitoServer server, string token)
    {
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        var keySet = new JsonWebKeySet(await http.GetStringAsync($"{TestPool.PoolId}/.well-known/jwks.json"));
        return await new JsonWebTokenHandler().ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = server.Issuer,
            ValidateAudience = false,
            IssuerSigningKeys = keySet.GetSigningKeys(),
            TryAllIssuerSigningKeys = false,
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
        });
    }

    public static async Task AssertValidAsync(LocalCognitoServer server, string token)
    {
        var result = await ValidateAsync(server, token);
        Assert.True(result.IsValid, result.Exception?.Message);
    }
}
