using Gateway.LocalCognito.Keys;
using Gateway.LocalCognito.Pool;
using System.IdentityModel.Tokens.Jwt;
using Microsoft.IdentityModel.Tokens;

namespace Gateway.LocalCognito.Tokens;

/// <summary>
/// Mints tokens with Cognito's claim sets, signed by the active key. The header is Cognito's {kid, alg}:
/// JsonWebTokenHandler always adds "typ", so the token is built with JwtSecurityTokenHandler, whose header can
/// be edited; IdentityModel still does all encoding and signing.
/// </summary>
internal sealed class TokenFactory(UserPool pool, PoolAddress address, SigningKeyStore keys)
{
    // Scope Cognito grants to tokens from its user pool API (InitiateAuth).
    // https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-using-the-access-token.html
    private const string UserAdminScope = "aws.cognito.signin.user.admin";

    private static readonly JwtSecurityTokenHandler Handler = new();

    /// <summary>
    /// Claims of a client_credentials access token: sub is the client, version 2, no aud, no username.
    /// https://docs.aws.amazon.com/cognito/latest/developerguide/token-endpoint.html
    /// </summary>
    public string CreateClientCredentialsToken(PoolClient client, IReadOnlyList<string> scopes)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var claims = new Dictionary<string, object>
        {
            ["sub"] = client.ClientId,
            ["token_use"] = "access",
            ["scope"] = string.Join(' ', scopes),
            ["auth_time"] = now,
            ["version"] = 2,
            ["jti"] = Guid.NewGuid().ToString(),
            ["client_id"] = client.ClientId,
        };
        return Sign(claims, now, pool.AccessTokenValiditySeconds);
    }

    /// <summary>
    /// ID and access token of a user sign-in, sharing origin_jti and event_id as Cognito's do.
    /// https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-using-the-id-token.html
    /// </summary>
    public UserTokens CreateUserTokens(PoolClient client, PoolUser user)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var originJti = Guid.NewGuid().ToString();
        var eventId = Guid.NewGuid().ToString();

        var access = new Dictionary<string, object>
        {
            ["sub"] = user.Sub,
            ["client_id"] = client.ClientId,
            ["origin_jti"] = originJti,
            ["event_id"] = eventId,
            ["token_use"] = "access",
            ["scope"] = UserAdminScope,
            ["auth_time"] = now,
            ["jti"] = Guid.NewGuid().ToString(),
            ["username"] = user.Username,
        };

        var id = new Dictionary<string, object>
        {
            ["sub"] = user.Sub,
            ["aud"] = client.ClientId,
            ["cognito:username"] = user.Username,
            ["origin_jti"] = originJti,
            ["event_id"] = eventId,
            ["token_use"] = "id",
            ["auth_time"] = now,
            ["jti"] = Guid.NewGuid().ToString(),
        };

        if (user.Groups.Count > 0)
        {
            access["cognito:groups"] = user.Groups.ToArray();
            id["cognito:groups"] = user.Groups.ToArray();
        }

        if (user.Email is not null)
        {
            id["email"] = user.Email;
            id["email_verified"] = true;
        }

        return new UserTokens(
            Sign(access, now, pool.AccessTokenValiditySeconds),
            Sign(id, now, pool.IdTokenValiditySeconds));
    }

    private string Sign(Dictionary<string, object> claims, long now, int lifetimeSeconds)
    {
        var header = new JwtHeader(keys.Active.Credentials);
        header.Remove(JwtHeaderParameterNames.Typ);

        // No nbf: Cognito tokens do not carry one.
        var payload = new JwtPayload();
        foreach (var (name, value) in claims)
        {
            payload[name] = value;
        }

        payload[JwtRegisteredClaimNames.Iss] = address.Urls.Issuer;
        payload[JwtRegisteredClaimNames.Iat] = now;
        payload[JwtRegisteredClaimNames.Exp] = now + lifetimeSeconds;
        return Handler.WriteToken(new JwtSecurityToken(header, payload));
    }
}
