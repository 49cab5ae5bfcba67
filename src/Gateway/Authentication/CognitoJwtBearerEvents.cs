using Gateway.Forwarding;
using Gateway.Logging;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Gateway.Authentication;

/// <summary>
/// The Cognito rules JwtBearer does not have, added through its events as ASP.NET Core intends: token from a
/// configurable header (bare or Bearer), the pool's issuer before any key lookup,
/// <c>token_use</c>, the app client allow-list, and a reason code for every failure.
/// </summary>
internal sealed class CognitoJwtBearerEvents : JwtBearerEvents
{
    private readonly CognitoAuthorizer _authorizer;
    private readonly CognitoPool _pool;
    private readonly TokenResultCache _cache;
    private readonly ClaimHeaderMap _claimHeaders;

    public CognitoJwtBearerEvents(CognitoAuthorizer authorizer, CognitoPool pool, TokenResultCache cache, ClaimHeaderMap claimHeaders)
    {
        _authorizer = authorizer;
        _pool = pool;
        _cache = cache;
        _claimHeaders = claimHeaders;
    }

    public override Task MessageReceived(MessageReceivedContext context)
    {
        // The authorizer's front handler already read the token and missed the result cache.
        var feature = context.HttpContext.GetGatewayFeature();
        feature.Authorizer = _authorizer.Name;
        var read = BearerTokenReader.Read(context.HttpContext, _authorizer.Options.IdentitySource);
        if (!read.HasToken)
        {
            return Fail(context, feature, read.FailureReason ?? ReasonCodes.MissingToken);
        }

        // Refuse a foreign or unparsable token before JwtBearer looks up its kid: an unknown kid makes
        // IdentityModel refetch the pool's keys, which a stranger's token must not trigger.
        // A token without the strict shape, or without an issuer, has no issuer to peek.
        var token = BearerTokenReader.TokenText(context.HttpContext, read);
        var issuer = CognitoAuthorizer.PeekIssuer(context.HttpContext, token);
        if (issuer is null)
        {
            return Fail(context, feature, ReasonCodes.Malformed);
        }

        if (!string.Equals(issuer, _pool.Issuer, StringComparison.Ordinal))
        {
            return Fail(context, feature, ReasonCodes.WrongIssuer);
        }

        context.Token = token;
        return Task.CompletedTask;
    }

    public override Task TokenValidated(TokenValidatedContext context)
    {
        var feature = context.HttpContext.GetGatewayFeature();
        feature.Authorizer = _authorizer.Name;
        if (context.SecurityToken is not JsonWebToken jwt || context.Principal is null)
        {
            return Fail(context, feature, ReasonCodes.Malformed);
        }

        // Cognito puts token_use in both token types; aws-jwt-verify refuses a token without it.
        if (!jwt.TryGetPayloadValue<string>("token_use", out var tokenUse) || (tokenUse != "access" && tokenUse != "id"))
        {
            return Fail(context, feature, ReasonCodes.WrongTokenUse);
        }

        var isAccess = tokenUse == "access";
        string? clientId;
        if (isAccess)
        {
            jwt.TryGetPayloadValue("client_id", out clientId);
        }
        else
        {
            // An ID token names its app client in aud (a string in Cognito; an array with one entry is tolerated).
            clientId = jwt.Audiences.Count() == 1 ? jwt.Audiences.First() : null;
        }

        if (_authorizer.AllowedClientIds is { } allowed)
        {
            // The allow-list's own instance is kept: one string per app client, not one per cached token.
            if (clientId is null || !allowed.TryGetValue(clientId, out var listed))
            {
                return Fail(context, feature, ReasonCodes.ClientNotAllowed);
            }

            clientId = listed;
        }

        string[] scopes = [];
        if (isAccess && jwt.TryGetPayloadValue<object>("scope", out var scopeValue))
        {
            if (scopeValue is not string scopeText)
            {
                // Cognito's scope is one space-separated string; anything else is not a Cognito token.
                return Fail(context, feature, ReasonCodes.Malformed);
            }

            scopes = scopeText.Split(' ', StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.Ordinal).ToArray();
        }

        jwt.TryGetPayloadValue<string>("sub", out var subject);
        var validated = new ValidatedToken(
            tokenUse,
            clientId,
            subject,
            scopes,
            new DateTimeOffset(jwt.ValidTo, TimeSpan.Zero),
            _claimHeaders.Extract(context.Principal));

        feature.Token = validated;
        _cache.Set(feature.CacheKey ?? _cache.KeyFor(_authorizer.Name, jwt.EncodedToken), validated, _authorizer.ResultTtl);
        return Task.CompletedTask;
    }

    public override Task AuthenticationFailed(AuthenticationFailedContext context)
    {
        var feature = context.HttpContext.GetGatewayFeature();
        var reason = Classify(context.Exception, _pool.Keys.HasKeys);
        if (reason is ReasonCodes.KeysUnavailable or ReasonCodes.AuthorizerError)
        {
            // The exception says which address failed and how; it holds no token.
            var logger = context.HttpContext.RequestServices.GetRequiredService<ILogger<CognitoJwtBearerEvents>>();
            Log.AuthorizerKeysUnavailable(logger, _authorizer.Name, _pool.Issuer, context.Exception);
        }

        feature.Reason = reason;
        context.Fail(context.Exception);
        return Task.CompletedTask;
    }

    internal static string Classify(Exception exception, bool poolHasKeys) => exception switch
    {
        SecurityTokenExpiredException => ReasonCodes.Expired,
        SecurityTokenNotYetValidException => ReasonCodes.NotYetValid,
        SecurityTokenNoExpirationException => ReasonCodes.MissingExp,
        SecurityTokenSignatureKeyNotFoundException => poolHasKeys ? ReasonCodes.UnknownKid : ReasonCodes.KeysUnavailable,
        SecurityTokenInvalidAlgorithmException => ReasonCodes.BadAlgorithm,
        SecurityTokenInvalidSignatureException => ReasonCodes.BadSignature,
        SecurityTokenInvalidIssuerException => ReasonCodes.WrongIssuer,
        SecurityTokenMalformedException => ReasonCodes.Malformed,
        SecurityTokenException => ReasonCodes.InvalidToken,
        ArgumentException => ReasonCodes.Malformed,
        _ when !poolHasKeys => ReasonCodes.KeysUnavailable,
        _ => ReasonCodes.AuthorizerError,
    };

    private static Task Fail(MessageReceivedContext context, GatewayRequestFeature feature, string reason)
    {
        feature.Reason = reason;
        context.Fail(reason);
        return Task.CompletedTask;
    }

    private static Task Fail(TokenValidatedContext context, GatewayRequestFeature feature, string reason)
    {
        feature.Reason = reason;
        context.Fail(reason);
        return Task.CompletedTask;
    }
}
