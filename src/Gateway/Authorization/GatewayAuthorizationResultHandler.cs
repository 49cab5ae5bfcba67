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

        // Every refusal path sets a reason; if one did not, the request is refused all the same.
        feature.Reason ??= authorizeResult.Challenged ? ReasonCodes.MissingToken : ReasonCodes.InvalidToken;
        return _writer.WriteAuthFailureAsync(context, feature);
    }
}
