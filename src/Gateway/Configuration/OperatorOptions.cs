namespace Gateway.Configuration;

/// <summary>The <c>Gateway:Operator</c> section: the route listing and decision explainer under <c>/_gateway/</c>. Applies at restart.</summary>
internal sealed class OperatorOptions
{
    public const string PathPrefix = "/_gateway";

    /// <summary>Off by default: the endpoints describe the gateway's whole authorization surface.</summary>
    public bool Enabled { get; set; }

    /// <summary>Addresses or CIDR ranges allowed to call them; null means loopback only (see <see cref="MetricsOptions.AllowedNetworks"/>).</summary>
    public List<string>? AllowedNetworks { get; set; }
}
