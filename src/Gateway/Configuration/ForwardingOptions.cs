namespace Gateway.Configuration;

internal sealed class ForwardingOptions
{
    /// <summary>
    /// Addresses or CIDR ranges of proxies in front of the gateway (load balancers) whose X-Forwarded-* headers
    /// are kept and appended to. From anyone else those headers are replaced, so a client cannot forge its address.
    /// </summary>
    public List<string> TrustedProxies { get; set; } = new();
}
