namespace Gateway.Authentication;

internal static class GatewayHttpContextExtensions
{
    /// <summary>The gateway's per-request state, created by the request-id middleware at the start of the pipeline.</summary>
    public static GatewayRequestFeature GetGatewayFeature(this HttpContext context)
    {
        var feature = context.Features.Get<GatewayRequestFeature>();
        if (feature is null)
        {
            // Only reachable if the middleware order was changed; keep working rather than fail the request.
            feature = new GatewayRequestFeature(Guid.NewGuid().ToString());
            context.Features.Set(feature);
        }

        return feature;
    }
}
