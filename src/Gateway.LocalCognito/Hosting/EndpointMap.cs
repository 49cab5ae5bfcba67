using Gateway.LocalCognito.Discovery;
using Gateway.LocalCognito.OAuth2;
using Gateway.LocalCognito.UserPoolApi;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Gateway.LocalCognito.Hosting;

/// <summary>The routes. Handlers are plain RequestDelegates: no model binding, so no framework 400/500 pages.</summary>
internal static class EndpointMap
{
    public static void MapLocalCognito(
        this IEndpointRouteBuilder endpoints,
        DiscoveryHandler discovery,
        TokenEndpointHandler token,
        UserPoolApiHandler userPoolApi)
    {
        const string WellKnown = "/{" + DiscoveryHandler.PoolIdRouteValue + "}/.well-known";
        endpoints.MapGet(WellKnown + "/openid-configuration", (RequestDelegate)discovery.OpenIdConfigurationAsync);
        endpoints.MapGet(WellKnown + "/jwks.json", (RequestDelegate)discovery.JwksAsync);
        endpoints.MapPost("/oauth2/token", (RequestDelegate)token.HandleAsync);
        endpoints.MapPost("/", (RequestDelegate)userPoolApi.HandleAsync);

        // "{**path}" without the default :nonfile constraint, so "POST /x/.well-known/jwks.json" is a 404 too, not a 405.
        endpoints.MapFallback("{**path}", (RequestDelegate)NotFound.WriteAsync);
    }
}
