using System.Globalization;
using System.Threading.RateLimiting;
using Gateway.Authentication;
using Gateway.Configuration;
using Gateway.Responses;
using Microsoft.AspNetCore.RateLimiting;

namespace Gateway.Throttling;

/// <summary>
/// API Gateway throttling on ASP.NET Core's rate limiter: each <c>Gateway:Throttling</c> entry becomes a
/// token-bucket policy that routes name in YARP's <c>RateLimiterPolicy</c>. Buckets live in this process;
/// with several instances each has its own (see README).
/// </summary>
internal static class ThrottlingExtensions
{
    public static IServiceCollection AddGatewayThrottling(this IServiceCollection services, GatewayOptions options)
    {
        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = OnRejectedAsync;
            foreach (var (name, policy) in options.Throttling)
            {
                limiter.AddPolicy(name, context => Partition(context, policy));
            }
        });
        return services;
    }

    internal static RateLimitPartition<string> Partition(HttpContext context, ThrottlingPolicyOptions policy)
    {
        var route = context.GetEndpoint()?.Metadata.GetMetadata<RouteAuthorization>()?.RouteId ?? "";
        var key = policy.PartitionBy == ThrottlingPartition.Route
            ? route
            : route + "|" + (context.GetGatewayFeature().Token?.ClientId ?? ClientAddress(context) ?? "unknown");
        return RateLimitPartition.GetTokenBucketLimiter(key, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = policy.Burst,
            TokensPerPeriod = policy.RatePerSecond,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            AutoReplenishment = true,

            // API Gateway rejects at once rather than queueing.
            QueueLimit = 0,
        });
    }

    // Behind a load balancer the peer is the balancer; the client is found through the trusted proxies.
    private static string? ClientAddress(HttpContext context) =>
        context.RequestServices.GetRequiredService<Runtime.GatewayStateProvider>().Current.Forwarded.ResolveClientAddress(context);

    private static ValueTask OnRejectedAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var context = rejected.HttpContext;
        context.GetGatewayFeature().Reason = ReasonCodes.Throttled;
        var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
        context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        var writer = context.RequestServices.GetRequiredService<GatewayResponseWriter>();
        return new ValueTask(writer.WriteAsync(context, GatewayResponseType.Throttled, null, null));
    }
}
