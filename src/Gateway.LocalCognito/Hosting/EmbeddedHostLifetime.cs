using Microsoft.Extensions.Hosting;

namespace Gateway.LocalCognito.Hosting;

/// <summary>
/// The service runs inside another process (the gateway, a test). The default console lifetime would hook
/// Ctrl+C and print its own banner; the owner stops this server through <see cref="LocalCognitoServer.StopAsync"/>.
/// </summary>
internal sealed class EmbeddedHostLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
