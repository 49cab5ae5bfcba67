namespace Gateway.Configuration;

/// <summary>
/// The <c>Gateway</c> section of appsettings.json: everything the gateway adds on top of YARP's
/// <c>ReverseProxy</c> section.
/// </summary>
internal sealed class GatewayOptions
{
    public const string SectionName = "Gateway";

    /// <summary>Named authorizers; routes refer to them by name in their <c>Metadata:Authorizer</c>.</summary>
    public Dictionary<string, AuthorizerOptions> Authorizers { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>How generated errors look: API Gateway REST (default) or HTTP API / RFC 6750.</summary>
    public ResponseStyle ResponseStyle { get; set; } = ResponseStyle.Rest;

    /// <summary>API Gateway "gateway responses": per response type, status, body template and extra headers.</summary>
    public Dictionary<string, GatewayResponseOptions> Responses { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Request header name -> claim name, sent to the backend; client-sent copies are always removed.</summary>
    public Dictionary<string, string> ClaimHeaders { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>How signing keys are fetched and refreshed, for every user pool.</summary>
    public SigningKeyOptions SigningKeys { get; set; } = new();

    /// <summary>Request size, upstream timeout and shutdown drain limits.</summary>
    public LimitOptions Limits { get; set; } = new();

    /// <summary>Named rate limits; a route uses one through YARP's <c>RateLimiterPolicy</c>.</summary>
    public Dictionary<string, ThrottlingPolicyOptions> Throttling { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// <c>Gateway:Throttling:Redis</c>, the store shared by every policy. It sits under Throttling in the file but is
    /// not a policy: the loader binds it here and keeps it out of the policy names.
    /// </summary>
    [ConfigurationKeyName("Throttling:Redis")]
    public ThrottlingRedisOptions ThrottlingRedis { get; set; } = new();

    /// <summary>How the client's address reaches the backend (X-Forwarded-*), and which proxies are trusted.</summary>
    public ForwardingOptions Forwarding { get; set; } = new();

    /// <summary>Paths of the anonymous health endpoints.</summary>
    public HealthOptions Health { get; set; } = new();

    /// <summary>Prometheus metrics and OpenTelemetry export.</summary>
    public ObservabilityOptions Observability { get; set; } = new();

    /// <summary>The operator endpoints under /_gateway/ (route listing, decision explainer); off by default.</summary>
    public OperatorOptions Operator { get; set; } = new();
}
