using Gateway.LocalCognito.Pool;
using Gateway.LocalCognito.Tokens;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Gateway.LocalCognito.OAuth2;

/// <summary>
/// POST /oauth2/token, client_credentials only, with Cognito's error codes (all 400, as AWS documents).
/// https://docs.aws.amazon.com/cognito/latest/developerguide/token-endpoint.html
/// </summary>
internal sealed class TokenEndpointHandler(UserPool pool, TokenFactory tokens, ILogger logger)
{
    private const string ClientCredentials = "client_credentials";

    public async Task HandleAsync(HttpContext context)
    {
        var (request, problem) = await TokenRequestReader.ReadAsync(context);
        if (request is null)
        {
            await RejectAsync(context, "invalid_request", problem!, clientId: null);
            return;
        }

        var client = request.ClientId is null ? null : pool.FindClient(request.ClientId);
        if (client is null || !IsAuthenticated(client, request.ClientSecret))
        {
            await RejectAsync(context, "invalid_client", "unknown client or wrong secret", request.ClientId);
            return;
        }

        if (request.GrantType != ClientCredentials)
        {
            await RejectAsync(context, "unsupported_grant_type", "only client_credentials is supported", client.ClientId);
            return;
        }

        if (!client.AllowClientCredentials || !client.HasSecret)
        {
            await RejectAsync(context, "unauthorized_client", "client_credentials is not enabled for this client", client.ClientId);
            return;
        }

        var scopes = ScopeResolver.Resolve(client, request.Scope);
        if (scopes is null)
        {
            await RejectAsync(context, "invalid_scope", "a requested scope is not allowed for this client, or it has none", client.ClientId);
            return;
        }

        var accessToken = tokens.CreateClientCredentialsToken(client, scopes);
        Log.ClientCredentialsIssued(logger, client.ClientId, string.Join(' ', scopes));
        SetNoStore(context.Response);
        await context.Response.WriteAsJsonAsync(
            new TokenResponse(accessToken, pool.AccessTokenValiditySeconds, "Bearer"),
            LocalCognitoJsonContext.Default.TokenResponse);
    }

    /// <summary>A public client (no secret) is identified by its id alone; then it must not send a secret.</summary>
    private static bool IsAuthenticated(PoolClient client, string? presentedSecret) =>
        client.HasSecret ? Secrets.AreEqual(presentedSecret, client.ClientSecret) : string.IsNullOrEmpty(presentedSecret);

    private async Task RejectAsync(HttpContext context, string error, string reason, string? clientId)
    {
        Log.TokenRequestRejected(logger, error, reason, clientId);
        context.Response.StatusCode = StatusCodes.Status400BadRequest;
        SetNoStore(context.Response);
        await context.Response.WriteAsJsonAsync(new OAuthErrorResponse(error), LocalCognitoJsonContext.Default.OAuthErrorResponse);
    }

    // RFC 6749 5.1: token responses must not be cached.
    private static void SetNoStore(HttpResponse response)
    {
        response.Headers.CacheControl = "no-store";
        response.Headers.Pragma = "no-cache";
    }
}
