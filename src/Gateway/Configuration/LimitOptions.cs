namespace Gateway.Configuration;

/// <summary>Request size, upstream time and shutdown limits.</summary>
internal sealed class LimitOptions
{
    /// <summary>Larger request bodies get 413 REQUEST_TOO_LARGE; API Gateway's limit is 10 MB.</summary>
    public long MaxRequestBodyBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>
    /// Default time a backend may stay silent (YARP's ActivityTimeout) for clusters that set none; API Gateway's
    /// integration timeout is 29 s. A cluster's own <c>HttpRequest:ActivityTimeout</c> or a route's
    /// <c>Timeout</c> overrides it.
    /// </summary>
    public TimeSpan UpstreamTimeout { get; set; } = TimeSpan.FromSeconds(29);

    /// <summary>
    /// On SIGTERM, keep serving this long with /readyz answering 503 before closing the listener, so that load
    /// balancers and Kubernetes endpoints stop sending new requests first (no preStop hook needed).
    /// </summary>
    public TimeSpan ShutdownDelay { get; set; } = TimeSpan.Zero;

    /// <summary>On SIGTERM, in-flight requests get this long to finish while no new connection is accepted.</summary>
    public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Run request processing and socket completions on the socket threads instead of handing each one to the
    /// thread pool (Kestrel's UnsafePreferInlineScheduling and DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS).
    /// Off by default because any blocking call would stall every connection of that socket thread; the gateway
    /// makes none, and its own log sink never blocks. The committed configurations turn it on.
    /// </summary>
    public bool InlineIoCompletions { get; set; }
}
