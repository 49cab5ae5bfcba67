using Gateway.Authentication;
using Gateway.Authorization;
using Gateway.Configuration;
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
        var options = services.GetRequiredService<GatewayOptions>();
        var authorizers = services.GetRequiredService<CognitoAuthorizers>();
        return (endpoint, config) =>
        {
            // The transform provider already refused invalid routes; this parse cannot fail for a loaded route.
            var route = RouteAuthorizationParser.Parse(config.RouteId, config.Metadata, config.AuthorizationPolicy, config.Match.Path, options, [])
                ?? throw new InvalidOperationException($"Route '{config.RouteId}' has invalid authorization metadata.");
            endpoint.WithMetadata(route);
            if (route.AuthorizerName is null)
            {
                endpoint.AllowAnonymous();
                return;
            }

            var authorizer = authorizers.Get(route.AuthorizerName);
            endpoint.RequireAuthorization(new AuthorizationPolicyBuilder(authorizer.SchemeName)
                .RequireAuthenticatedUser()
                .AddRequirements(new CognitoRouteRequirement(route, authorizer.Options.NoScopeTokenUse))
                .Build());
        };
    }
}
