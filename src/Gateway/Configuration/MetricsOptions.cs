namespace Gateway.Configuration;

/// <summary>The Prometheus scraping endpoint.</summary>
internal sealed class MetricsOptions
{
    public bool Enabled { get; set; } = true;

    public string Path { get; set; } = "/metrics";

    /// <summary>
    /// Addresses or CIDR ranges allowed to scrape; null means loopback only. Null rather than a default list:
    /// the configuration binder appends to a list it finds, so a default here could never be narrowed.
    /// </summary>
    public List<string>? AllowedNetworks { get; set; }
}
