using Gateway.Authentication;
using Gateway.Configuration;
using Gateway.Hosting;
using Gateway.Runtime;
using Yarp.ReverseProxy.Transforms;
using Yarp.ReverseProxy.Transforms.Builder;

namespace Gateway.Forwarding;

/// <summary>
/// Validates each route's authorization metadata when YARP loads or reloads its config (a bad route rejects
/// the reload; the last good config keeps serving), and adds the request transform that sets the headers
/// the gateway owns: claim headers, <c>x-amzn-RequestId</c>, and the identity header when it is not forwarded.
/// </summary>
internal sealed class GatewayTransformProvider : ITransformProvider
{
    private readonly GatewayStateProvider _state;

    public GatewayTransformProvider(GatewayStateProvider state)
    {
        _state = state;
    }

    public void ValidateRoute(TransformRouteValidationContext context)
    {
        // The same file change reloads the Gateway section and YARP's routes, in no fixed order: bring the
        // gateway state up to date first, so a route is checked against the authorizers it will run with, and
        // refuse YARP's reload too when the Gateway section is invalid (both keep the last good configuration).
        var errors = new List<string>(_state.Reload());
        RouteAuthorizationParser.Parse(context.Route.RouteId, context.Route.Metadata, context.Route.AuthorizationPolicy, context.Route.Match.Path, _state.Current.Options, errors);
        foreach (var error in errors)
        {
            context.Errors.Add(new InvalidOperationException(error));
        }
    }

    public void ValidateCluster(TransformClusterValidationContext context)
    {
    }

    public void Apply(TransformBuilderContext context)
    {
        var route = RouteAuthorizationParser.Parse(context.Route.RouteId, context.Route.Metadata, context.Route.AuthorizationPolicy, context.Route.Match.Path, _state.Current.Options, [])
            ?? throw new InvalidOperationException($"Route '{context.Route.RouteId}' was not validated.");

        // YARP's default X-Forwarded transforms cannot tell a trusted load balancer from a client.
        context.UseDefaultForwarders = false;
        context.AddRequestTransform(transform =>
        {
            var feature = transform.HttpContext.GetGatewayFeature();
            var state = _state.Current;
            RemoveConnectionListedHeaders(transform);
            state.Forwarded.Apply(transform);

            // Client-sent copies of every header the gateway sets go first, whether or not the claim exists:
            // a missing claim must not let the client's value through (Kong OIDC before 3.14, KrakenD lura#500).
            foreach (var header in state.ClaimHeaders.HeaderNames)
            {
                RequestTransform.RemoveHeader(transform, header);
            }

            RemoveUnderscoreSpellings(transform, state.ClaimHeaders);

            RequestTransform.RemoveHeader(transform, GatewayRequestMiddleware.RequestIdHeader);
            RequestTransform.AddHeader(transform, GatewayRequestMiddleware.RequestIdHeader, feature.RequestId);

            if (route.AuthorizerName is { } name && state.Authorizers.Find(name)?.Options is { ForwardIdentityHeader: false } authorizer)
            {
                RequestTransform.RemoveHeader(transform, authorizer.IdentitySource);
            }

            if (feature.Token is { } token)
            {
                foreach (var (header, value) in token.ClaimHeaders)
                {
                    RequestTransform.AddHeader(transform, header, value);
                }
            }

            return ValueTask.CompletedTask;
        });
    }

    /// <summary>
    /// Backends behind servers that read <c>_</c> as <c>-</c> (nginx with underscores_in_headers, CGI-style
    /// frameworks) would take <c>x_gateway_sub</c> for the gateway's <c>x-gateway-sub</c>. Reads the copied
    /// headers through their struct enumerator: enumerating the request's IHeaderDictionary boxed one per request.
    /// </summary>
    private static void RemoveUnderscoreSpellings(RequestTransformContext transform, ClaimHeaderMap claimHeaders)
    {
        List<string>? found = null;
        foreach (var header in transform.ProxyRequest.Headers.NonValidated)
        {
            if (header.Key.Contains('_') && claimHeaders.NormalizedHeaderNames.Contains(header.Key.Replace('_', '-')))
            {
                (found ??= []).Add(header.Key);
            }
        }

        if (found is not null)
        {
            foreach (var name in found)
            {
                RequestTransform.RemoveHeader(transform, name);
            }
        }
    }

    /// <summary>
    /// RFC 9110 section 7.6.1: headers named in <c>Connection</c> are for this hop only and a proxy must drop them.
    /// YARP drops the fixed hop-by-hop set but not the listed ones. "Upgrade" stays, for WebSockets.
    /// </summary>
    private static void RemoveConnectionListedHeaders(RequestTransformContext transform)
    {
        var connection = transform.HttpContext.Request.Headers.Connection;
        if (connection.Count == 0)
        {
            return;
        }

        foreach (var value in connection)
        {
            foreach (var token in (value ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (!token.Equals("close", StringComparison.OrdinalIgnoreCase)
                    && !token.Equals("keep-alive", StringComparison.OrdinalIgnoreCase)
                    && !token.Equals("upgrade", StringComparison.OrdinalIgnoreCase))
                {
                    RequestTransform.RemoveHeader(transform, token);
                }
            }
        }
    }
}
