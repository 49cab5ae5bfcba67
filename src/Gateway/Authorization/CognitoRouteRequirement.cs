using Gateway.Configuration;
using Microsoft.AspNetCore.Authorization;

namespace Gateway.Authorization;

/// <summary>
/// What a route asks of a valid token, as API Gateway REST decides it: a route with scopes needs an access
/// token with any (or, when configured, all) of them; a route without scopes needs the authorizer's
/// configured token type (an ID token by default), read at request time so that a reload applies at once.
/// </summary>
internal sealed class CognitoRouteRequirement : IAuthorizationRequirement
{
    public CognitoRouteRequirement(RouteAuthorization route)
    {
        Route = route;
    }

    public RouteAuthorization Route { get; }
}
