using System.Diagnostics;
using Gateway.Observability;
using Gateway.Runtime;
using Microsoft.AspNetCore.Authentication;

namespace Gateway.Authentication;

/// <summary>
/// An authorizer's own scheme: reads the token, answers from the result cache, and hands a miss to the
/// JwtBearer scheme of the pool named by the token's issuer. A cache hit then costs a hash and a lookup
/// instead of JwtBearer's per-request setup; validation itself stays JwtBearer's.
/// </summary>
internal sealed class CognitoAuthorizerHandler : IAuthenticationHandler
{
    private readonly GatewayStateProvider _state;
    private readonly TokenResultCache _cache;
    private readonly GatewayMetrics _metrics;
    private AuthenticationScheme _scheme = null!;
    private HttpContext _context = null!;

    public CognitoAuthorizerHandler(GatewayStateProvider state, TokenResultCache cache, GatewayMetrics metrics)
    {
        _state = state;
        _cache = cache;
        _metrics = metrics;
    }

    public Task InitializeAsync(AuthenticationScheme scheme, HttpContext context)
    {
        _scheme = scheme;
        _context = context;
        return Task.CompletedTask;
    }

    public async Task<AuthenticateResult> AuthenticateAsync()
    {
        // Metrics: a timestamp, not a Stopwatch object, so the cache-hit path allocates nothing for them.
        var started = Stopwatch.GetTimestamp();
        var feature = _context.GetGatewayFeature();
        var authorizer = _state.Current.Authorizers.FindByScheme(_scheme.Name);
        if (authorizer is null)
        {
            // The route names an authorizer a reload removed while YARP still had the route: refuse, never forward.
            feature.Reason = ReasonCodes.AuthorizerError;
            return AuthenticateResult.Fail(ReasonCodes.AuthorizerError);
        }

        feature.Authorizer = authorizer.Name;
        var read = BearerTokenReader.Read(_context, authorizer.Options.IdentitySource);
        if (!read.HasToken)
        {
            feature.Reason = read.FailureReason;
            _metrics.AuthorizerCompleted(authorizer.Name, AuthorizerResults.Refused, started);
            return AuthenticateResult.Fail(read.FailureReason!);
        }

        var key = _cache.KeyFor(authorizer.Name, read.Span);
        switch (_cache.Find(key))
        {
            case ValidatedToken token:
                feature.Token = token;
                _metrics.AuthorizerCompleted(authorizer.Name, AuthorizerResults.CacheHit, started);
                return token.Result;
            case CachedFailure failure:
                feature.Reason = failure.Reason;
                _metrics.AuthorizerCompleted(authorizer.Name, AuthorizerResults.CacheHit, started);
                return failure.Result;
        }

        feature.CacheKey = key;
        var result = await _context.AuthenticateAsync(authorizer.SelectPoolScheme(_context));
        if (!result.Succeeded && feature.Reason is { } reason)
        {
            _cache.SetFailure(key, reason, authorizer.ResultTtl);
        }

        _metrics.AuthorizerCompleted(authorizer.Name, AuthorizerResults.CacheMiss, started);
        return result;
    }

    // Refusals are written by the gateway's authorization result handler, never by a scheme.
    public Task ChallengeAsync(AuthenticationProperties? properties) => Task.CompletedTask;

    public Task ForbidAsync(AuthenticationProperties? properties) => Task.CompletedTask;
}
