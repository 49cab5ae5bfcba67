using Gateway.Authentication;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Authorization.Policy;

namespace Gateway.Authorization;

/// <summary>
/// The stock authorization middleware's policy evaluator, with a direct path for routes behind an authorizer:
/// their policy names one scheme (the authorizer's) and carries a <see cref="CognitoRouteRequirement"/>, so
/// authentication goes straight to <see cref="CognitoAuthenticator"/> and authorization straight to the
/// route's check. The stock path (authentication service and handler provider per request, principal
/// merging, authorization service and handler discovery) cost several microseconds and allocations per
/// request for the same answer. Every other policy (the deny-by-default fallback, anonymous routes) is
/// evaluated the stock way.
/// </summary>
internal sealed class GatewayPolicyEvaluator : IPolicyEvaluator
{
    private static readonly Task<PolicyAuthorizationResult> Success = Task.FromResult(PolicyAuthorizationResult.Success());
    private static readonly Task<PolicyAuthorizationResult> Challenge = Task.FromResult(PolicyAuthorizationResult.Challenge());
    private static readonly Task<PolicyAuthorizationResult> Forbid = Task.FromResult(PolicyAuthorizationResult.Forbid());

    private readonly CognitoAuthenticator _authenticator;
    private readonly CognitoRouteCheck _routeCheck;

    public GatewayPolicyEvaluator(CognitoAuthenticator authenticator, CognitoRouteCheck routeCheck)
    {
        _authenticator = authenticator;
        _routeCheck = routeCheck;
    }

    public Task<AuthenticateResult> AuthenticateAsync(AuthorizationPolicy policy, HttpContext context)
    {
        if (RouteRequirementOf(policy) is null)
        {
            return Stock(context).AuthenticateAsync(policy, context);
        }

        var result = _authenticator.AuthenticateAsync(context, policy.AuthenticationSchemes[0]);
        if (!result.IsCompletedSuccessfully)
        {
            return SetUserAsync(result, context);
        }

        SetUser(result.Result, context);
        return result;
    }

    public Task<PolicyAuthorizationResult> AuthorizeAsync(AuthorizationPolicy policy, AuthenticateResult authenticationResult, HttpContext context, object? resource)
    {
        if (RouteRequirementOf(policy) is not { } requirement)
        {
            return Stock(context).AuthorizeAsync(policy, authenticationResult, context, resource);
        }

        // As the stock evaluator: no valid token is a challenge (401), a valid one the route refuses a forbid.
        if (!authenticationResult.Succeeded)
        {
            return Challenge;
        }

        return _routeCheck.Evaluate(context, requirement) ? Success : Forbid;
    }

    /// <summary>
    /// The route requirement of an authorizer's policy exactly as the endpoint conventions build it (one scheme,
    /// an authenticated user, the route requirement); null for any other policy. A policy combined with anything
    /// else goes the stock way, where the route requirement has no handler and the request is refused: this
    /// shortcut can never skip a requirement it does not know.
    /// </summary>
    private static CognitoRouteRequirement? RouteRequirementOf(AuthorizationPolicy policy)
    {
        if (policy.AuthenticationSchemes.Count != 1)
        {
            return null;
        }

        // Indexed: foreach over the IReadOnlyList boxed an enumerator on every request.
        CognitoRouteRequirement? route = null;
        var requirements = policy.Requirements;
        for (var i = 0; i < requirements.Count; i++)
        {
            switch (requirements[i])
            {
                case CognitoRouteRequirement found when route is null:
                    route = found;
                    break;
                case DenyAnonymousAuthorizationRequirement:
                    break;
                default:
                    return null;
            }
        }

        return route;
    }

    private static PolicyEvaluator Stock(HttpContext context) =>
        new(context.RequestServices.GetRequiredService<IAuthorizationService>());

    private static async Task<AuthenticateResult> SetUserAsync(Task<AuthenticateResult> pending, HttpContext context)
    {
        var result = await pending;
        SetUser(result, context);
        return result;
    }

    private static void SetUser(AuthenticateResult result, HttpContext context)
    {
        if (result.Succeeded)
        {
            context.User = result.Principal;
        }
    }
}
