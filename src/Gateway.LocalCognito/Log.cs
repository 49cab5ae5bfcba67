using Microsoft.Extensions.Logging;

namespace Gateway.LocalCognito;

/// <summary>
/// Every log event of the service, one method each with a stable id. None of them takes a secret, password,
/// token or key: only ids, names, kids and paths.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Warning, "Local Cognito token service is for development only; it is listening on {Url} for pool {PoolId} (issuer {Issuer})")]
    public static partial void Started(ILogger logger, Uri url, string poolId, string issuer);

    [LoggerMessage(2, LogLevel.Information, "Generated new signing keys in {KeyFile}; active key {Kid}")]
    public static partial void KeysGenerated(ILogger logger, string keyFile, string kid);

    [LoggerMessage(3, LogLevel.Information, "Loaded signing keys from {KeyFile}; active key {Kid}")]
    public static partial void KeysLoaded(ILogger logger, string keyFile, string kid);

    [LoggerMessage(4, LogLevel.Warning, "Rotated the signing key; active key {Kid}, previous key {PreviousKid} stays published")]
    public static partial void KeyRotated(ILogger logger, string kid, string previousKid);

    [LoggerMessage(5, LogLevel.Information, "Issued a client_credentials access token to client {ClientId} with scopes {Scopes}")]
    public static partial void ClientCredentialsIssued(ILogger logger, string clientId, string scopes);

    [LoggerMessage(6, LogLevel.Information, "Token request rejected with {Error}: {Reason} (client {ClientId})")]
    public static partial void TokenRequestRejected(ILogger logger, string error, string reason, string? clientId);

    [LoggerMessage(7, LogLevel.Information, "User {Username} signed in with USER_PASSWORD_AUTH through client {ClientId}")]
    public static partial void UserSignedIn(ILogger logger, string username, string clientId);

    [LoggerMessage(8, LogLevel.Information, "User pool API call rejected with {ErrorType}: {Reason} (client {ClientId})")]
    public static partial void UserPoolApiRejected(ILogger logger, string errorType, string reason, string? clientId);

    [LoggerMessage(9, LogLevel.Error, "Unhandled error while serving {Method} {Path}")]
    public static partial void UnhandledError(ILogger logger, string method, string path, Exception exception);

    [LoggerMessage(10, LogLevel.Warning, "Client {ClientId} allows client_credentials but has no allowed scopes; its token requests will fail with invalid_scope, as in Cognito")]
    public static partial void ClientWithoutScopes(ILogger logger, string clientId);

    [LoggerMessage(11, LogLevel.Information, "Local Cognito token service stopped")]
    public static partial void Stopped(ILogger logger);
}
