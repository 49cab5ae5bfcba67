using Gateway.Hosting;

namespace Gateway.Authentication;

internal static class GatewayHttpContextExtensions
{
    /// <summary>The gateway's per-request state, created by the request-id middleware at the start of the pipeline.</summary>
    /// <remarks>
    /// Through the non-generic indexer: a request reads this about ten times, and <c>Get&lt;T&gt;</c> is a generic
    /// virtual call that Kestrel answers in shared generic code (runtime type lookups, then its list of extra
    /// features); together they showed as 2 % of the gateway's CPU in the load-test profile.
    /// </remarks>
    public static GatewayRequestFeature GetGatewayFeature(this HttpContext context)
    {
        if (context.Features[typeof(GatewayRequestFeature)] is GatewayRequestFeature feature)
        {
            return feature;
        }

        // Only reachable if the middleware order was changed; keep working rather than fail the request.
        feature = new GatewayRequestFeature(RequestIds.Next());
        context.SetGatewayFeature(feature);
        return feature;
    }

    public static void SetGatewayFeature(this HttpContext context, GatewayRequestFeature feature) =>
        context.Features[typeof(GatewayRequestFeature)] = feature;
}
