using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Gateway.LocalCognito.Tests.Infrastructure;

/// <summary>Builds token endpoint requests the way curl and OAuth client libraries send them.</summary>
internal static class TokenRequests
{
    public static HttpRequestMessage Form(string pathAndQuery, params (string Name, string Value)[] fields) =>
        new(HttpMethod.Post, pathAndQuery)
        {
            Content = new FormUrlEncodedContent(fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value))),
        };

    public static HttpRequestMessage WithBasic(this HttpRequestMessage request, string clientId, string secret)
    {
        // RFC 6749 2.3.1: form-urlencode each part, then base64 "id:secret".
        var raw = $"{Uri.EscapeDataString(clientId)}:{Uri.EscapeDataString(secret)}";
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(raw)));
        return request;
    }

    public static async Task<string> ReadErrorAsync(HttpResponseMessage response)
    {
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var property = Assert.Single(body.RootElement.EnumerateObject());
        Assert.Equal("error", property.Name);
        return property.Value.GetString()!;
    }

    public static async Task<string> AccessTokenAsync(HttpResponseMessage response)
    {
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("access_token").GetString()!;
    }
}
