using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Gateway.LocalCognito.Tests.Infrastructure;

/// <summary>InitiateAuth calls as the AWS SDKs send them (AWS JSON 1.1).</summary>
internal static class InitiateAuthRequests
{
    public const string Target = "AWSCognitoIdentityProviderService.InitiateAuth";

    public static HttpRequestMessage Create(object body, string target = Target) => Raw(JsonSerializer.Serialize(body), target);

    public static HttpRequestMessage Raw(string json, string target = Target)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/")
        {
            Content = new StringContent(json, Encoding.UTF8, "application/x-amz-json-1.1"),
        };
        request.Headers.Add("X-Amz-Target", target);
        return request;
    }

    public static HttpRequestMessage UserPassword(string clientId, string username, string password, string? secretHash = null)
    {
        var parameters = new Dictionary<string, string> { ["USERNAME"] = username, ["PASSWORD"] = password };
        if (secretHash is not null)
        {
            parameters["SECRET_HASH"] = secretHash;
        }

        return Create(new { AuthFlow = "USER_PASSWORD_AUTH", ClientId = clientId, AuthParameters = parameters });
    }

    /// <summary>Cognito's documented formula, computed independently of the service's code.</summary>
    public static string SecretHash(string secret, string username, string clientId) =>
        Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(username + clientId)));

    /// <summary>Asserts the awsJson1_1 error shape and returns the message.</summary>
    public static async Task<string> AssertErrorAsync(HttpResponseMessage response, string type)
    {
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(type + ":", Assert.Single(response.Headers.GetValues("x-amzn-ErrorType")));
        Assert.Equal("application/x-amz-json-1.1", response.Content.Headers.ContentType?.MediaType);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(["__type", "message"], TokenPayload.Names(body.RootElement));
        Assert.Equal(type, body.RootElement.GetProperty("__type").GetString());
        return body.RootElement.GetProperty("message").GetString()!;
    }
}
