using System.Globalization;
using System.Threading.RateLimiting;
using Gateway.Authentication;
using Gateway.Configuration;
using Gateway.Forwarding;
using Gateway.Responses;
using Microsoft.AspNetCore.RateLimiting;

namespace Gateway.Throttling;

/// <summary>
/// API Gateway throttling on ASP.NET Core's rate limiter: each <c>Gateway:Throttling</c> entry becomes a
/// token-bucket policy that routes name in YARP's <c>RateLimiterPolicy</c>. Buckets live in this process, so with
/// several instances each has its own, unless <c>Gateway:Throttling:Redis</c> is set: then the same policies keep
/// the same buckets in Redis (RedisRateLimiting's token bucket) and every instance draws from them (see README).
/// </summary>
internal static class ThrottlingExtensions
{
    // Not an API Gateway response type (it has no shared store): DEFAULT_5XX's body and headers apply to it.
    private static readonly GatewayResponseType StoreUnavailable =
        new("THROTTLING_UNAVAILABLE", StatusCodes.Status503ServiceUnavailable, "ServiceUnavailableException", "Service Unavailable");

    public static IServiceCollection AddGatewayThrottling(this IServiceCollection services, GatewayOptions options)
    {
        var shared = options.ThrottlingRedis.Enabled;
        if (shared)
        {
            services.AddSingleton(provider => new RedisThrottlingStore(options.ThrottlingRedis, provider.GetRequiredService<ILogger<RedisThrottlingStore>>()));
            services.AddHostedService(provider => provider.GetRequiredService<RedisThrottlingStore>());
        }

        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = OnRejectedAsync;
            foreach (var (name, policy) in options.Throttling)
            {
                limiter.AddPolicy<string>(name, shared ? context => SharedPartition(context, name, policy) : context => Partition(context, policy));
            }
        });
        return services;
    }

    internal static RateLimitPartition<string> Partition(HttpContext context, ThrottlingPolicyOptions policy) =>
        RateLimitPartition.GetTokenBucketLimiter(PartitionKey(context, policy), _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = policy.Burst,
            TokensPerPeriod = policy.RatePerSecond,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            AutoReplenishment = true,

            // API Gateway rejects at once rather than queueing.
            QueueLimit = 0,
        });

    // The same bucket and key in Redis. In process each policy has its own partitions; Redis is one key space
    // (possibly shared with other applications), so the key also names the gateway and the policy.
    private static RateLimitPartition<string> SharedPartition(HttpContext context, string name, ThrottlingPolicyOptions policy)
    {
        var store = context.RequestServices.GetRequiredService<RedisThrottlingStore>();
        return RateLimitPartition.Get($"gateway|{name}|{PartitionKey(context, policy)}", key => new FailSafeRedisLimiter(store, key, policy));
    }

    private static string PartitionKey(HttpContext context, ThrottlingPolicyOptions policy)
    {
        var route = context.GetEndpoint()?.Metadata.GetMetadata<RouteAuthorization>()?.RouteId ?? "";
        return policy.PartitionBy == ThrottlingPartition.Route
            ? route
            : route + "|" + (context.GetGatewayFeature().Token?.ClientId ?? context.GetClientAddress() ?? "unknown");
    }

    private static ValueTask OnRejectedAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var context = rejected.HttpContext;
        var writer = context.RequestServices.GetRequiredService<GatewayResponseWriter>();
        if (rejected.Lease.TryGetMetadata(StoreFallbackLease.StoreUnavailable, out _))
        {
            // No client went over its limit: the limit could not be checked. A 429 would send clients into backoff
            // for nothing and hide the outage among ordinary throttling.
            context.GetGatewayFeature().Reason = ReasonCodes.ThrottlingUnavailable;
            return new ValueTask(writer.WriteAsync(context, StoreUnavailable, null, null));
        }

        context.GetGatewayFeature().Reason = ReasonCodes.Throttled;
        var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
        context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        return new ValueTask(writer.WriteAsync(context, GatewayResponseType.Throttled, null, null));
    }
}
