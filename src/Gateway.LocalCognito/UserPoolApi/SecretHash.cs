using System.Security.Cryptography;
using System.Text;

namespace Gateway.LocalCognito.UserPoolApi;

/// <summary>
/// SECRET_HASH = Base64(HMAC-SHA256(key: client secret, message: username + client id)), required by Cognito
/// when the app client has a secret.
/// https://docs.aws.amazon.com/cognito/latest/developerguide/signing-up-users-in-your-app.html#cognito-user-pools-computing-secret-hash
/// </summary>
internal static class SecretHash
{
    public static byte[] Compute(string clientSecret, string username, string clientId) =>
        HMACSHA256.HashData(Encoding.UTF8.GetBytes(clientSecret), Encoding.UTF8.GetBytes(username + clientId));

    public static bool Verify(string? presented, string clientSecret, string username, string clientId)
    {
        if (string.IsNullOrEmpty(presented))
        {
            return false;
        }

        var buffer = new byte[presented.Length];
        return Convert.TryFromBase64String(presented, buffer, out var length)
            && CryptographicOperations.FixedTimeEquals(buffer.AsSpan(0, length), Compute(clientSecret, username, clientId));
    }
}
