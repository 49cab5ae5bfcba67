using Gateway.LocalCognito.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace Gateway.LocalCognito.OAuth2;

/// <summary>
/// Turns the HTTP request into a <see cref="TokenRequest"/>, or a reason for invalid_request.
/// Bad input of any kind ends here as invalid_request, never as a 500.
/// </summary>
internal static class TokenRequestReader
{
    private const string FormMediaType = "application/x-www-form-urlencoded";

    private static readonly FormOptions FormLimits = new()
    {
        BufferBody = false,
        ValueCountLimit = 32,
        KeyLengthLimit = 256,
        ValueLengthLimit = ServerLimits.MaxRequestBodyBytes,
    };

    public static async Task<(TokenRequest? Request, string? Problem)> ReadAsync(HttpContext context)
    {
        var request = context.Request;

        // Cognito accepts only form bodies at the token endpoint.
        // https://docs.aws.amazon.com/cognito/latest/developerguide/token-endpoint.html
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType)
            || !mediaType.MediaType.Equals(FormMediaType, StringComparison.OrdinalIgnoreCase))
        {
            return (null, "Content-Type must be application/x-www-form-urlencoded");
        }

        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(FormLimits, context.RequestAborted);
        }
        catch (Exception e) when (e is InvalidDataException or BadHttpRequestException or IOException)
        {
            return (null, "the form body is malformed or too large");
        }

        if (!TrySingle(form, "client_id", out var formClientId)
            || !TrySingle(form, "client_secret", out var formClientSecret)
            || !TrySingle(form, "scope", out var formScope)
            || !TrySingle(form, "grant_type", out var formGrantType)
            || !TrySingle(request.Query, "grant_type", out var queryGrantType)
            || !TrySingle(request.Query, "scope", out var queryScope))
        {
            return (null, "a parameter is repeated");
        }

        // The tutorial's curl sends ?grant_type=client_credentials with an empty body; Cognito accepts that.
        var grantType = Merge(formGrantType, queryGrantType, out var grantConflict);
        var scope = Merge(formScope, queryScope, out var scopeConflict);
        if (grantConflict || scopeConflict)
        {
            return (null, "the query string and the body disagree");
        }

        if (string.IsNullOrEmpty(grantType))
        {
            return (null, "grant_type is missing");
        }

        if (!BasicCredentials.TryRead(request.Headers.Authorization, out var basicId, out var basicSecret))
        {
            return (null, "the Basic Authorization header is malformed");
        }

        var clientId = Merge(basicId, formClientId, out var idConflict);
        var clientSecret = Merge(basicSecret, formClientSecret, out var secretConflict);
        if (idConflict || secretConflict)
        {
            return (null, "the Authorization header and the form carry different client credentials");
        }

        return (new TokenRequest(grantType, clientId, clientSecret, scope), null);
    }

    private static bool TrySingle(IEnumerable<KeyValuePair<string, StringValues>> source, string name, out string? value)
    {
        value = null;
        foreach (var (key, values) in source)
        {
            if (!string.Equals(key, name, StringComparison.Ordinal))
            {
                continue;
            }

            if (values.Count > 1 || value is not null)
            {
                return false;
            }

            value = values.ToString();
        }

        return true;
    }

    private static string? Merge(string? first, string? second, out bool conflict)
    {
        conflict = first is not null && second is not null && !string.Equals(first, second, StringComparison.Ordinal);
        return first ?? second;
    }
}
