using Gateway.Configuration;
using Gateway.Tests.Infrastructure;

namespace Gateway.Tests.Configuration;

public sealed class EmptyConfigurationTests
{
    // What a gateway started away from its appsettings.json sees: nothing. It must refuse, not serve 403s silently.
    [Fact]
    public void NoRoutesAtAll_StartupRefused_SayingWhereConfigurationWasRead()
    {
        var error = Assert.Throws<GatewayConfigurationException>(() => GatewayHost.Build("{}"));

        Assert.Contains("ReverseProxy:Routes has no routes", error.Message);
        Assert.Contains(Directory.GetCurrentDirectory(), error.Message);
    }
}
