using Gateway.Authentication;
using Gateway.Configuration;
using Gateway.Runtime;

namespace Gateway.Authorization;

/// <summary>
/// Runs the route's token-type and scope check on every request, cached token or not. Called by
/// <see cref="GatewayPolicyEvaluator"/> for every route behind an authorizer; it is deliberately not an
/// authorization handler, so a route requirement evaluated any other way has no handler and is refused.
/// </summary>
internal sealed class CognitoRouteCheck
{
    private readonly GatewayStateProvider _state;

    public CognitoRouteCheck(GatewayStateProvider state)
    {
        _state = state;
    }

    /// <summary>
    /// The route's check on the request's validated token; records the reason. False when the authorizer
    /// produced no token (its reason is already recorded) or the token does not satisfy the route.
    /// </summary>
    public bool Evaluate(HttpContext httpContext, CognitoRouteRequirement requirement)
    {
        var feature = httpContext.GetGatewayFeature();
        if (feature.Token is not { } token)
        {
            return false;
        }

        var authorizer = _state.Current.Authorizers.Find(requirement.Route.AuthorizerName!);
        var reason = authorizer is null
            ? ReasonCodes.AuthorizerError
            : Check(token, requirement.Route, authorizer.Options.NoScopeTokenUse);
        if (reason is null)
        {
            feature.Reason = ReasonCodes.Allowed;
            return true;
        }

        feature.Reason = reason;
        if (reason == ReasonCodes.ScopeMismatch)
        {
            feature.RequiredScopes = requirement.Route.Scopes;
        }

        return false;
    }

    internal static string? Check(ValidatedToken token, RouteAuthorization route, NoScopeTokenUse noScopeTokenUse)
    {
        var scopes = route.Scopes;
        if (scopes.Length == 0)
        {
            return noScopeTokenUse switch
            {
                NoScopeTokenUse.Id when token.IsAccessToken => ReasonCodes.WrongTokenUse,
                NoScopeTokenUse.Access when !token.IsAccessToken => ReasonCodes.WrongTokenUse,
                _ => null,
            };
        }

        if (!token.IsAccessToken)
        {
            return ReasonCodes.WrongTokenUse;
        }

        if (route.ScopeMatch == ScopeMatch.All)
        {
            foreach (var scope in scopes)
            {
                if (!token.HasScope(scope))
                {
                    return ReasonCodes.ScopeMismatch;
                }
            }

            return null;
        }

        foreach (var scope in scopes)
        {
            if (token.HasScope(scope))
            {
                return null;
            }
        }

        return ReasonCodes.ScopeMismatch;
    }
}
