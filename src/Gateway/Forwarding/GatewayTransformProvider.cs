using Gateway.Authentication;
using Gateway.Configuration;
using Gateway.Hosting;
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
    private readonly CognitoAuthorizers _authorizers;
    private readonly GatewayOptions _options;
    private readonly ClaimHeaderMap _claimHeaders;
    private readonly ForwardedHeaders _forwarded;

    public GatewayTransformProvider(CognitoAuthorizers authorizers, GatewayOptions options, ClaimHeaderMap claimHeaders)
    {
        _authorizers = authorizers;
        _options = options;
        _claimHeaders = claimHeaders;
        _forwarded = new ForwardedHeaders(options.Forwarding);
    }

    public void ValidateRoute(TransformRouteValidationContext context)
    {
        var errors = new List<string>();
        RouteAuthorizationParser.Parse(context.Route.RouteId, context.Route.Metadata, context.Route.AuthorizationPolicy, context.Route.Match.Path, _options, errors);
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
        var route = RouteAuthorizationParser.Parse(context.Route.RouteId, context.Route.Metadata, context.Route.AuthorizationPolicy, context.Route.Match.Path, _options, [])
            ?? throw new InvalidOperationException($"Route '{context.Route.RouteId}' was not validated.");
        var removeIdentityHeader = route.AuthorizerName is { } name && !_authorizers.Get(name).Options.ForwardIdentityHeader
            ? _authorizers.Get(name).Options.IdentitySource
            : null;

        // YARP's default X-Forwarded transforms cannot tell a trusted load balancer from a client.
        context.UseDefaultForwarders = false;
        context.AddRequestTransform(transform =>
        {
            var feature = transform.HttpContext.GetGatewayFeature();
            RemoveConnectionListedHeaders(transform);
            _forwarded.Apply(transform);

            // Client-sent copies of every header the gateway sets go first, whether or not the claim exists:
            // a missing claim must not let the client's value through (Kong OIDC before 3.14, KrakenD lura#500).
            foreach (var header in _claimHeaders.HeaderNames)
            {
                RequestTransform.RemoveHeader(transform, header);
            }

            foreach (var header in transform.HttpContext.Request.Headers)
            {
                if (header.Key.Contains('_') && _claimHeaders.NormalizedHeaderNames.Contains(header.Key.Replace('_', '-')))
                {
                    RequestTransform.RemoveHeader(transform, header.Key);
                }
            }

            RequestTransform.RemoveHeader(transform, RequestIdMiddleware.HeaderName);
            RequestTransform.AddHeader(transform, RequestIdMiddleware.HeaderName, feature.RequestId);

            if (removeIdentityHeader is not null)
            {
                RequestTransform.RemoveHeader(transform, removeIdentityHeader);
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
