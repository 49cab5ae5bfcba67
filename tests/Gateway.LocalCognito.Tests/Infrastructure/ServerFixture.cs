namespace Gateway.LocalCognito.Tests.Infrastructure;

/// <summary>One real server on 127.0.0.1:0 shared by the tests of a class; each class gets its own keys.</summary>
public sealed class ServerFixture : IAsyncLifetime
{
    private readonly TempDirectory directory = new();

    public LocalCognitoServer Server { get; private set; } = null!;

    public HttpClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = await LocalCognitoServer.StartAsync(TestPool.Options(directory.KeyFile));
        Client = new HttpClient { BaseAddress = Server.BaseAddress };
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
        directory.Dispose();
    }
}
