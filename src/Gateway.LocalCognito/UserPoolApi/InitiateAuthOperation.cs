using Gateway.LocalCognito.Pool;
using Gateway.LocalCognito.Tokens;
using Microsoft.Extensions.Logging;

namespace Gateway.LocalCognito.UserPoolApi;

/// <summary>
/// InitiateAuth with USER_PASSWORD_AUTH, checked in Cognito's order: request shape, client, flow, secret hash,
/// then credentials. Unknown users get the same answer as wrong passwords (Cognito's "prevent user existence
/// errors", the default for new pools).
/// https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_InitiateAuth.html
/// </summary>
internal sealed class InitiateAuthOperation(UserPool pool, TokenFactory tokens, ILogger logger)
{
    private const string UserPasswordAuth = "USER_PASSWORD_AUTH";

    public (InitiateAuthResponse? Response, AmzError? Error) Execute(InitiateAuthRequest request)
    {
        if (string.IsNullOrEmpty(request.ClientId))
        {
            return (null, AmzError.InvalidParameter("1 validation error detected: Value null at 'clientId' failed to satisfy constraint: Member must not be null"));
        }

        if (string.IsNullOrEmpty(request.AuthFlow))
        {
            return (null, AmzError.InvalidParameter("1 validation error detected: Value null at 'authFlow' failed to satisfy constraint: Member must not be null"));
        }

        var client = pool.FindClient(request.ClientId);
        if (client is null)
        {
            return (null, AmzError.ResourceNotFound($"User pool client {request.ClientId} does not exist."));
        }

        if (request.AuthFlow != UserPasswordAuth)
        {
            return (null, AmzError.InvalidParameter($"{request.AuthFlow} is not supported by the local Cognito service; use USER_PASSWORD_AUTH."));
        }

        if (!client.AllowUserPasswordAuth)
        {
            return (null, AmzError.InvalidParameter("USER_PASSWORD_AUTH flow not enabled for this client"));
        }

        var parameters = request.AuthParameters ?? [];
        if (!parameters.TryGetValue("USERNAME", out var username) || string.IsNullOrEmpty(username))
        {
            return (null, AmzError.InvalidParameter("Missing required parameter USERNAME"));
        }

        if (!parameters.TryGetValue("PASSWORD", out var password) || string.IsNullOrEmpty(password))
        {
            return (null, AmzError.InvalidParameter("Missing required parameter PASSWORD"));
        }

        if (client.HasSecret && !SecretHash.Verify(parameters.GetValueOrDefault("SECRET_HASH"), client.ClientSecret!, username, client.ClientId))
        {
            return (null, AmzError.NotAuthorized($"Unable to verify secret hash for client {client.ClientId}"));
        }

        var user = pool.FindUser(username);
        if (user is null || !Secrets.AreEqual(password, user.Password))
        {
            return (null, AmzError.NotAuthorized("Incorrect username or password."));
        }

        var issued = tokens.CreateUserTokens(client, user);
        Log.UserSignedIn(logger, user.Username, client.ClientId);
        var result = new AuthenticationResult(issued.AccessToken, pool.AccessTokenValiditySeconds, issued.IdToken, "Bearer");
        return (new InitiateAuthResponse(result, []), null);
    }
}
