namespace Gateway.Configuration;

/// <summary>
/// A token-bucket rate limit, API Gateway's throttling (steady rate plus burst), named by routes in YARP's
/// <c>RateLimiterPolicy</c>.
/// </summary>
internal sealed class ThrottlingPolicyOptions
{
    /// <summary>Requests per second refilled into the bucket.</summary>
    public int RatePerSecond { get; set; }

    /// <summary>Bucket size: how many requests may arrive at once.</summary>
    public int Burst { get; set; }

    /// <summary>One bucket per route, or one per route and client (<c>client_id</c>, else the source IP).</summary>
    public ThrottlingPartition PartitionBy { get; set; } = ThrottlingPartition.Client;
}
