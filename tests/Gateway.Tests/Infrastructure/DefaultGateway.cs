namespace Gateway.Tests.Infrastructure;

/// <summary>
/// A scenario and one gateway on its default configuration, shared by the tests of a class that neither change
/// the configuration nor the issuer. Tests of one class run one after the other, so counting the backend's
/// requests around a call is exact.
/// </summary>
public sealed class DefaultGateway : IAsyncLifetime
{
    public GatewayScenario Scenario { get; } = new();

    public GatewayHost Gateway { get; private set; } = null!;

    public EchoBackend Backend => Scenario.Backend;

    public async Task InitializeAsync()
    {
        await Scenario.InitializeAsync();
        Gateway = await Scenario.StartGatewayAsync();
    }

    public async Task DisposeAsync()
    {
        await Gateway.DisposeAsync();
        await Scenario.DisposeAsync();
    }
}
