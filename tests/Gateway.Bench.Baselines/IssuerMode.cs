using System.Runtime.InteropServices;
using Gateway.LocalCognito;

namespace Gateway.Bench.Baselines;

/// <summary>
/// The gateway's own local token service (discovery, JWKS, /oauth2/token) as the benchmark's issuer. Two app
/// clients: one granted the protected route's scope, one granted another scope for the wrong-scope mix.
/// </summary>
internal static class IssuerMode
{
    public const string PoolId = "local_bench";

    public static async Task<int> RunAsync(string url, string keyFile)
    {
        var options = new LocalCognitoOptions
        {
            Url = url,
            UserPoolId = PoolId,
            KeyFile = keyFile,

            // Cognito's longest lifetime: the reused tokens must outlive a long benchmark.
            AccessTokenValiditySeconds = 86400,
            ResourceServers = { new LocalCognitoResourceServer { Identifier = "demo-api", Scopes = { "hello", "other" } } },
            Clients =
            {
                new LocalCognitoClient { ClientId = "bench-client", ClientSecret = "bench-secret", AllowedScopes = { "demo-api/hello" }, AllowUserPasswordAuth = false },
                new LocalCognitoClient { ClientId = "bench-other", ClientSecret = "bench-other-secret", AllowedScopes = { "demo-api/other" }, AllowUserPasswordAuth = false },
            },
        };

        using var loggerFactory = LoggerFactory.Create(b => b.AddSimpleConsole(c => c.SingleLine = true).SetMinimumLevel(LogLevel.Information));
        await using var server = await LocalCognitoServer.StartAsync(options, loggerFactory);
        Console.WriteLine($"issuer {server.Issuer}");

        var stop = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.TrySetResult(); });
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; stop.TrySetResult(); });
        await stop.Task;
        return 0;
    }
}
