using Gateway.Authentication;
using Gateway.Authorization;
using Gateway.Configuration;
using Gateway.Runtime;
using Microsoft.AspNetCore.Authorization;
using Yarp.ReverseProxy.Configuration;

namespace Gateway.Hosting;

/// <summary>
/// Turns each route's declared authorization into endpoint metadata that the stock authorization middleware
/// enforces: a policy on the authorizer's scheme with the route's requirement, or AllowAnonymous for NONE.
/// </summary>
internal static class GatewayEndpointConventions
{
    public static Action<IEndpointConventionBuilder, RouteConfig> Apply(IServiceProvider services)
    {
        var state = services.GetRequiredService<GatewayStateProvider>();
        return (endpoint, config) =>
        {
            // The transform provider already refused invalid routes; this parse cannot fail for a loaded route.
            var route = RouteAuthorizationParser.Parse(config.RouteId, config.Metadata, config.AuthorizationPolicy, config.Match.Path, state.Current.Options, [])
                ?? throw new InvalidOperationException($"Route '{config.RouteId}' has invalid authorization metadata.");
            endpoint.WithMetadata(route);
            if (route.AuthorizerName is null)
            {
                endpoint.AllowAnonymous();
                return;
            }

            // The authorizer's policy scheme name is stable across reloads; its settings are read per request.
            endpoint.RequireAuthorization(new AuthorizationPolicyBuilder(CognitoAuthorizer.SchemeNameFor(route.AuthorizerName))
                .RequireAuthenticatedUser()
                .AddRequirements(new CognitoRouteRequirement(route))
                .Build());
        };
    }
}
