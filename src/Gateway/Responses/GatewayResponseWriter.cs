using System.Text;
using System.Text.Json;
using Gateway.Authentication;
using Gateway.Configuration;
using Gateway.Runtime;

namespace Gateway.Responses;

/// <summary>
/// Writes the responses the gateway generates itself: API Gateway's defaults, changed per response type by
/// <c>Gateway:Responses</c> (status, body template, headers) as API Gateway's gateway responses allow.
/// </summary>
internal sealed class GatewayResponseWriter
{
    private const string DefaultBody = "{\"message\":$context.error.messageString}";
    private const string ExpiredMessage = "The incoming token has expired";

    private readonly GatewayStateProvider _state;

    public GatewayResponseWriter(GatewayStateProvider state)
    {
        _state = state;
    }

    public Task WriteAuthFailureAsync(HttpContext context, GatewayRequestFeature feature)
    {
        var httpApi = _state.Current.Options.ResponseStyle == ResponseStyle.HttpApi;
        switch (feature.Reason)
        {
            case ReasonCodes.KeysUnavailable or ReasonCodes.AuthorizerError:
                return WriteAsync(context, GatewayResponseType.AuthorizerConfigurationError, null, null);

            case ReasonCodes.ScopeMismatch when httpApi:
                // RFC 6750 section 3.1: the token is fine, its scopes are not; say which scopes would do.
                var scope = string.Join(' ', feature.RequiredScopes ?? []);
                return WriteAsync(context, GatewayResponseType.AccessDenied, null, $"Bearer error=\"insufficient_scope\", scope=\"{scope}\"");

            case ReasonCodes.Expired:
                return WriteAsync(context, GatewayResponseType.Unauthorized, ExpiredMessage,
                    httpApi ? "Bearer error=\"invalid_token\", error_description=\"the token has expired\"" : null);

            case ReasonCodes.MissingToken:
                // RFC 6750 section 3.1: no error code when the request carried no credentials.
                return WriteAsync(context, GatewayResponseType.Unauthorized, null, httpApi ? "Bearer" : null);

            default:
                return WriteAsync(context, GatewayResponseType.Unauthorized, null,
                    httpApi ? $"Bearer error=\"invalid_token\", error_description=\"{Describe(feature.Reason)}\"" : null);
        }
    }

    public Task WriteAsync(HttpContext context, GatewayResponseType type, string? message, string? wwwAuthenticate, int? statusCode = null)
    {
        message ??= type.Message;
        var custom = Find(type.Name);
        var fallback = Find(type.StatusCode >= 500 ? GatewayResponseType.Default5xx.Name : GatewayResponseType.Default4xx.Name);

        var response = context.Response;
        response.StatusCode = custom?.StatusCode ?? statusCode ?? type.StatusCode;
        response.ContentType = custom?.ContentType ?? fallback?.ContentType ?? "application/json";
        response.Headers["x-amzn-ErrorType"] = type.ErrorType;
        if (wwwAuthenticate is not null)
        {
            response.Headers.WWWAuthenticate = wwwAuthenticate;
        }

        // As in API Gateway, DEFAULT_4XX/5XX headers apply to every type and a type's own headers win.
        foreach (var (name, value) in (IEnumerable<KeyValuePair<string, string>>?)fallback?.Headers ?? [])
        {
            response.Headers[name] = value;
        }

        foreach (var (name, value) in (IEnumerable<KeyValuePair<string, string>>?)custom?.Headers ?? [])
        {
            response.Headers[name] = value;
        }

        var template = custom?.Body ?? fallback?.Body ?? DefaultBody;
        var body = Encoding.UTF8.GetBytes(Render(template, type, message, context.GetGatewayFeature().RequestId));
        response.ContentLength = body.Length;
        return response.Body.WriteAsync(body).AsTask();
    }

    internal static string Render(string template, GatewayResponseType type, string message, string requestId) =>
        template
            .Replace("$context.error.messageString", JsonSerializer.Serialize(message), StringComparison.Ordinal)
            .Replace("$context.error.message", message, StringComparison.Ordinal)
            .Replace("$context.error.responseType", type.Name, StringComparison.Ordinal)
            .Replace("$context.requestId", requestId, StringComparison.Ordinal);

    private GatewayResponseOptions? Find(string name) =>
        _state.Current.Options.Responses.TryGetValue(name, out var options) ? options : null;

    private static string Describe(string? reason) => reason switch
    {
        ReasonCodes.WrongTokenUse => "the token type is not accepted on this route",
        ReasonCodes.ClientNotAllowed => "the token's app client is not allowed",
        ReasonCodes.NotYetValid => "the token is not valid yet",
        _ => "the token is not valid",
    };
}
