using Gateway.Authentication;
using Gateway.Responses;

namespace Gateway.Hosting;

/// <summary>
/// What matches no route (path or method) gets API Gateway's 403 Missing Authentication Token and never
/// reaches a backend.
/// </summary>
internal static class NoRouteEndpoint
{
    public static Task HandleAsync(HttpContext context)
    {
        context.GetGatewayFeature().Reason = ReasonCodes.NoRoute;
        return context.RequestServices.GetRequiredService<GatewayResponseWriter>()
            .WriteAsync(context, GatewayResponseType.MissingAuthenticationToken, null, null);
    }
}
