using Yarp.ReverseProxy.Forwarder;

namespace Gateway.Forwarding;

/// <summary>
/// YARP's client factory, with the handlers' metrics on <see cref="ForwarderMeterFactory"/>'s meters: the
/// gateway drops the forwarder's <c>http.client.request.duration</c> (it duplicates
/// <c>gateway.upstream.duration</c> on every request) and keeps it for the other clients, the key fetches.
/// </summary>
internal sealed class GatewayForwarderHttpClientFactory : ForwarderHttpClientFactory
{
    private readonly ForwarderMeterFactory _meters;

    public GatewayForwarderHttpClientFactory(ILogger<ForwarderHttpClientFactory> logger, ForwarderMeterFactory meters)
        : base(logger)
    {
        _meters = meters;
    }

    protected override void ConfigureHandler(ForwarderHttpClientContext context, SocketsHttpHandler handler)
    {
        base.ConfigureHandler(context, handler);
        handler.MeterFactory = _meters;
    }
}
