namespace Gateway.Configuration;

/// <summary>
/// <c>Gateway:Throttling:Redis</c>: where the throttling policies keep their buckets. Unset, each instance
/// counts on its own; set, every instance pointed at the same Redis shares one bucket per partition.
/// </summary>
internal sealed class ThrottlingRedisOptions
{
    public const string SectionName = "Gateway:Throttling:Redis";

    /// <summary>A StackExchange.Redis connection string (<c>host:port,password=...,ssl=true</c>); empty keeps buckets in process.</summary>
    public string Configuration { get; set; } = "";

    /// <summary>
    /// When Redis cannot answer: true lets requests through unthrottled (availability first, the default);
    /// false refuses them with 503 until it answers again.
    /// </summary>
    public bool FailOpen { get; set; } = true;

    public bool Enabled => !string.IsNullOrWhiteSpace(Configuration);
}
