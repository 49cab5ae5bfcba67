using System.Net;
using System.Text;

namespace Gateway.Tests.Infrastructure;

/// <summary>Assertions on the responses the gateway generates itself.</summary>
public static class GatewayAssert
{
    public const string Unauthorized = "{\"message\":\"Unauthorized\"}";
    public const string Expired = "{\"message\":\"The incoming token has expired\"}";
    public const string MissingAuthenticationToken = "{\"message\":\"Missing Authentication Token\"}";
    public const string AuthorizerConfigurationError = "{\"message\":\"Authorizer configuration error\"}";

    /// <summary>
    /// API Gateway REST's shape, byte for byte: status, compact JSON body, Content-Type application/json,
    /// x-amzn-ErrorType, a UUID x-amzn-RequestId, and no WWW-Authenticate.
    /// </summary>
    public static async Task RestErrorAsync(HttpResponseMessage response, HttpStatusCode status, string body, string errorType)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal(Encoding.UTF8.GetBytes(body), await response.Content.ReadAsByteArrayAsync());
        Assert.Equal("application/json", response.Content.Headers.ContentType?.ToString());
        Assert.Equal(errorType, Single(response, "x-amzn-ErrorType"));
        RequestId(response);
        Assert.False(response.Headers.Contains("WWW-Authenticate"), "REST style sends no WWW-Authenticate");
    }

    public static Task UnauthorizedAsync(HttpResponseMessage response) =>
        RestErrorAsync(response, HttpStatusCode.Unauthorized, Unauthorized, "UnauthorizedException");

    public static Task ExpiredAsync(HttpResponseMessage response) =>
        RestErrorAsync(response, HttpStatusCode.Unauthorized, Expired, "UnauthorizedException");

    public static Task MissingAuthenticationTokenAsync(HttpResponseMessage response) =>
        RestErrorAsync(response, HttpStatusCode.Forbidden, MissingAuthenticationToken, "MissingAuthenticationTokenException");

    public static Task AuthorizerConfigurationErrorAsync(HttpResponseMessage response) =>
        RestErrorAsync(response, HttpStatusCode.InternalServerError, AuthorizerConfigurationError, "AuthorizerConfigurationException");

    /// <summary>The response's x-amzn-RequestId, which must be a UUID.</summary>
    public static string RequestId(HttpResponseMessage response)
    {
        var id = Single(response, "x-amzn-RequestId");
        Assert.True(Guid.TryParse(id, out _), $"x-amzn-RequestId '{id}' is not a UUID");
        return id;
    }

    public static string Single(HttpResponseMessage response, string header)
    {
        IEnumerable<string>? values = null;
        Assert.True(
            response.Headers.TryGetValues(header, out values) || response.Content.Headers.TryGetValues(header, out values),
            $"response has no {header} header");
        return Assert.Single(values!);
    }

    /// <summary>Runs a request and asserts the backend received nothing meanwhile.</summary>
    public static async Task<HttpResponseMessage> NotForwardedAsync(EchoBackend backend, Func<Task<HttpResponseMessage>> send)
    {
        var before = backend.Requests;
        var response = await send();
        Assert.Equal(before, backend.Requests);
        return response;
    }
}
