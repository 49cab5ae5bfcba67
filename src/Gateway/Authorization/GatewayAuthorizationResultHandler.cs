using Gateway.Authentication;
using Gateway.Responses;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;

namespace Gateway.Authorization;

/// <summary>
/// Writes the gateway's own response for every refusal instead of JwtBearer's challenge, so the status, body
/// and headers are API Gateway's (or RFC 6750's) whatever failed.
/// </summary>
internal sealed class GatewayAuthorizationResultHandler : IAuthorizationMiddlewareResultHandler
{
    private readonly GatewayResponseWriter _writer;

    public GatewayAuthorizationResultHandler(GatewayResponseWriter writer)
    {
        _writer = writer;
    }

    public Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Succeeded)
        {
            return next(context);
        }

        var feature = context.GetGatewayFeature();

        // A request that matched no gateway route but was not caught by the 403 fallback endpoint: MapFallback's
        // pattern is {*path:nonfile}, so /favicon.ico or DELETE /orders/1.json reach here with no endpoint (or
        // routing's 405 endpoint) and the deny-all fallback policy refused them. API Gateway answers 403 Missing
        // Authentication Token for any unknown resource or method, not 401.
        if (context.GetEndpoint()?.Metadata.GetMetadata<Configuration.RouteAuthorization>() is null)
        {
            feature.Reason = ReasonCodes.NoRoute;
            return _writer.WriteAsync(context, GatewayResponseType.MissingAuthenticationToken, null, null);
        }

        // Every refusal path sets a reason; if one did not, the request is refused all the same.
        feature.Reason ??= authorizeResult.Challenged ? ReasonCodes.MissingToken : ReasonCodes.InvalidToken;
        return _writer.WriteAuthFailureAsync(context, feature);
    }
}
