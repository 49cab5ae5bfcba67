using Gateway.Authentication;
using Gateway.Authorization;
using Gateway.Configuration;
using Gateway.Observability;
using Gateway.Responses;
using Gateway.Runtime;
using Microsoft.AspNetCore.Authentication;

namespace Gateway.Operator;

/// <summary>
/// Decides on a described request as the pipeline would, without forwarding it: ASP.NET Core's own endpoint
/// matcher over the application's endpoints (so route order, methods, hosts and the gateway's own paths
/// behave exactly as for a real request), then the route's authorizer scheme and scope check, then the
/// gateway response writer for the status. Not evaluated: throttling and the request size limit.
/// </summary>
internal sealed class DecisionExplainer
{
    private readonly Lazy<RequestDelegate> _matcher;

    /// <param name="dataSources">The application's endpoint sources; read at the first explanation, once all are mapped.</param>
    public DecisionExplainer(IServiceProvider services, ICollection<EndpointDataSource> dataSources)
    {
        _matcher = new Lazy<RequestDelegate>(() => BuildMatcher(services, dataSources));
    }

    public async Task<ExplainResponse> ExplainAsync(HttpContext context, string method, PathString path, QueryString query, string? host, string? authorization)
    {
        var feature = new GatewayRequestFeature(context.GetGatewayFeature().RequestId);
        var probe = new DefaultHttpContext { RequestServices = context.RequestServices };
        probe.SetGatewayFeature(feature);
        probe.Request.Method = method;
        probe.Request.Scheme = context.Request.Scheme;
        probe.Request.Host = host is null ? context.Request.Host : new HostString(host);
        probe.Request.Path = path;
        probe.Request.QueryString = query;
        probe.Request.Protocol = context.Request.Protocol;
        probe.Connection.RemoteIpAddress = context.Connection.RemoteIpAddress;

        // Routing only: the pipeline below stops once the endpoint is chosen, nothing is executed.
        await _matcher.Value(probe);
        var route = probe.GetEndpoint()?.Metadata.GetMetadata<RouteAuthorization>();
        var writer = context.RequestServices.GetRequiredService<GatewayResponseWriter>();
        if (route is null)
        {
            // Also the gateway's own paths (health, metrics, /_gateway/): they are not routes to a backend.
            feature.Reason = ReasonCodes.NoRoute;
            await writer.WriteAsync(probe, GatewayResponseType.MissingAuthenticationToken, null, null);
            return Answer(probe, feature, null);
        }

        if (route.AuthorizerName is null)
        {
            return Answer(probe, feature, route);
        }

        var state = context.RequestServices.GetRequiredService<GatewayStateProvider>().Current;
        var authorizer = state.Authorizers.Find(route.AuthorizerName);
        if (authorizer is null)
        {
            feature.Reason = ReasonCodes.AuthorizerError;
        }
        else
        {
            if (authorization is not null)
            {
                probe.Request.Headers[authorizer.Options.IdentitySource] = authorization;
            }

            var result = await probe.AuthenticateAsync(authorizer.SchemeName);
            if (result.Succeeded && feature.Token is { } token)
            {
                var refusal = CognitoRouteCheck.Check(token, route, authorizer.Options.NoScopeTokenUse);
                feature.Reason = refusal ?? ReasonCodes.Allowed;
                if (refusal == ReasonCodes.ScopeMismatch)
                {
                    feature.RequiredScopes = route.Scopes;
                }
            }
            else
            {
                // As the authorization result handler: an unauthenticated request is challenged.
                feature.Reason ??= result.Succeeded ? ReasonCodes.InvalidToken : ReasonCodes.MissingToken;
            }
        }

        if (feature.Reason is not ReasonCodes.Allowed)
        {
            await writer.WriteAuthFailureAsync(probe, feature);
        }

        return Answer(probe, feature, route);
    }

    private static ExplainResponse Answer(HttpContext probe, GatewayRequestFeature feature, RouteAuthorization? route)
    {
        var outcome = RequestOutcome.Of(probe, feature);
        var token = feature.Token;
        return new ExplainResponse(
            route?.RouteId,
            route?.AuthorizerName ?? (route is null ? null : RouteAuthorization.Anonymous),
            outcome.Decision,
            outcome.Reason ?? ReasonCodes.NoRoute,
            outcome.Forwarded ? null : probe.Response.StatusCode,
            outcome.Forwarded,
            token?.ClientId,
            token?.TokenUse,
            token?.Scopes.Order(StringComparer.Ordinal).ToArray(),
            feature.RequiredScopes);
    }

    private static RequestDelegate BuildMatcher(IServiceProvider services, ICollection<EndpointDataSource> dataSources)
    {
        var app = new ApplicationBuilder(services);
        app.UseRouting();
        app.Use(_ => _ => Task.CompletedTask);

        // The same sources as the application's, so route reloads are seen; UseEndpoints registers nothing new
        // for them (they are already the application's) and its endpoint middleware is never reached.
        app.UseEndpoints(endpoints =>
        {
            foreach (var source in dataSources)
            {
                endpoints.DataSources.Add(source);
            }
        });
        return app.Build();
    }
}
