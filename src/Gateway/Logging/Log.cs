namespace Gateway.Logging;

/// <summary>The gateway's log events, one method each with a stable id (YARP's pattern). Never a token or secret.</summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Error, "Authorizer '{Authorizer}' cannot get the signing keys of {Issuer}; requests it guards are refused with 500 until it can.")]
    public static partial void AuthorizerKeysUnavailable(ILogger logger, string authorizer, string issuer, Exception exception);

    [LoggerMessage(2, LogLevel.Information, "Signing keys of {Issuer} loaded from {Address}.")]
    public static partial void SigningKeysLoaded(ILogger logger, string issuer, string address);

    [LoggerMessage(3, LogLevel.Warning, "Signing keys of {Issuer} could not be loaded from {Address}; /readyz reports not ready and the pool's routes answer 500 until they can.")]
    public static partial void SigningKeysNotLoaded(ILogger logger, string issuer, string address);

    [LoggerMessage(4, LogLevel.Warning, "Authorizer '{Authorizer}' has no AllowedClientIds: tokens of every app client of its user pools are accepted (API Gateway REST's behaviour).")]
    public static partial void AnyClientAccepted(ILogger logger, string authorizer);

    [LoggerMessage(5, LogLevel.Information, "Gateway configuration loaded: {AuthorizerCount} authorizer(s), response style {ResponseStyle}.")]
    public static partial void ConfigurationLoaded(ILogger logger, int authorizerCount, string responseStyle);

    [LoggerMessage(6, LogLevel.Error, "Configuration change refused; the last good configuration keeps serving. {Problems}")]
    public static partial void ReloadRefused(ILogger logger, string problems);

    [LoggerMessage(7, LogLevel.Information, "Configuration reloaded (generation {Generation}, {AuthorizerCount} authorizer(s)).")]
    public static partial void ConfigurationReloaded(ILogger logger, long generation, int authorizerCount);

    [LoggerMessage(8, LogLevel.Warning, "Gateway:Limits, Throttling, Health, Observability or Operator changed: these apply at the next restart.")]
    public static partial void RestartNeeded(ILogger logger);
}
