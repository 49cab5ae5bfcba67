using System.Diagnostics;
using Gateway.Observability;
using Gateway.Runtime;
using Microsoft.AspNetCore.Authentication;

namespace Gateway.Authentication;

/// <summary>
/// An authorizer's authentication: reads the token, answers from the result cache, and hands a miss to the
/// JwtBearer scheme of the pool named by the token's issuer. A cache hit costs a hash and a lookup instead of
/// JwtBearer's per-request setup; validation itself stays JwtBearer's. Called directly by
/// <see cref="Authorization.GatewayPolicyEvaluator"/> on the request path and through the authorizer's scheme
/// (<see cref="CognitoAuthorizerHandler"/>) by anything that authenticates the stock way.
/// </summary>
internal sealed class CognitoAuthenticator
{
    private readonly GatewayStateProvider _state;
    private readonly TokenResultCache _cache;
    private readonly GatewayMetrics _metrics;

    public CognitoAuthenticator(GatewayStateProvider state, TokenResultCache cache, GatewayMetrics metrics)
    {
        _state = state;
        _cache = cache;
        _metrics = metrics;
    }

    /// <param name="schemeName">The authorizer's stable scheme, <c>cognito:{name}</c>.</param>
    public Task<AuthenticateResult> AuthenticateAsync(HttpContext context, string schemeName)
    {
        // For gateway.authorizer.duration of a miss or a refusal (a hit is only counted): a timestamp, no Stopwatch.
        var started = Stopwatch.GetTimestamp();
        var feature = context.GetGatewayFeature();
        var authorizer = _state.Current.Authorizers.FindByScheme(schemeName);
        if (authorizer is null)
        {
            // The route names an authorizer a reload removed while YARP still had the route: refuse, never forward.
            feature.Reason = ReasonCodes.AuthorizerError;
            return Task.FromResult(AuthenticateResult.Fail(ReasonCodes.AuthorizerError));
        }

        feature.Authorizer = authorizer.Name;
        var read = BearerTokenReader.Read(context, authorizer.Options.IdentitySource);
        if (!read.HasToken)
        {
            feature.Reason = read.FailureReason;
            _metrics.AuthorizerCompleted(authorizer.Name, AuthorizerResults.Refused, started);
            return Task.FromResult(AuthenticateResult.Fail(read.FailureReason!));
        }

        var key = ConnectionTokenKey.KeyFor(context, _cache, authorizer.Name, read);
        switch (_cache.Find(key))
        {
            case ValidatedToken token:
                feature.Token = token;
                _metrics.AuthorizerCacheHit(authorizer.Name);

                // The authorizer's shared result: a hit allocates nothing; the token's facts are in the feature.
                return authorizer.CacheHitResult;
            case CachedFailure failure:
                feature.Reason = failure.Reason;
                _metrics.AuthorizerCacheHit(authorizer.Name);
                return failure.ResultTask;
        }

        feature.CacheKey = key;
        return ValidateAsync(context, authorizer, key, feature, started);
    }

    private async Task<AuthenticateResult> ValidateAsync(
        HttpContext context, CognitoAuthorizer authorizer, TokenCacheKey key, GatewayRequestFeature feature, long started)
    {
        var result = await context.AuthenticateAsync(authorizer.SelectPoolScheme(context));
        if (!result.Succeeded && feature.Reason is { } reason)
        {
            _cache.SetFailure(key, reason, authorizer.ResultTtl);
        }

        _metrics.AuthorizerCompleted(authorizer.Name, AuthorizerResults.CacheMiss, started);
        return result;
    }
}
