namespace Gateway.Bench.Baselines;

/// <summary>
/// One executable for every process of the load test except the gateway itself, so each baseline is built
/// against exactly the package versions the gateway uses (central package management).
/// </summary>
internal static class Program
{
    private const string Usage = """
        usage:
          backend PORT                               static {"message":"Hello!"} on 127.0.0.1:PORT
          yarp    PORT BACKEND_URL [inline]          plain YARP, same route/cluster shape as the gateway, no auth;
                                                     inline: Kestrel's UnsafePreferInlineScheduling, as the gateway's
                                                     Limits:InlineIoCompletions (set DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1 too)
          stock   PORT BACKEND_URL ISSUER            YARP + stock JwtBearer (Authority = ISSUER) + scope policy
          issuer  PORT KEY_FILE                      local Cognito token service, pool local_bench
          mint    KEY_FILE ISSUER COUNT OUT_FILE [SCOPE] [CLIENT_ID] [LIFETIME_SECONDS]
                                                     COUNT distinct access tokens, one per line
          soak    URL SECONDS CONNECTIONS GATEWAY_PID VALID_FILE EXPIRED_FILE WRONG_SCOPE_FILE
                                                     mixed-token soak with status and memory checks
        """;

    public static async Task<int> Main(string[] args)
    {
        try
        {
            return args switch
            {
                ["backend", var port] => await BackendMode.RunAsync(Listen.Parse(port)),
                ["yarp", var port, var backend] => await PlainYarpMode.RunAsync(Listen.Parse(port), backend, inline: false),
                ["yarp", var port, var backend, "inline"] => await PlainYarpMode.RunAsync(Listen.Parse(port), backend, inline: true),
                ["stock", var port, var backend, var issuer] => await StockJwtBearerMode.RunAsync(Listen.Parse(port), backend, issuer),
                ["issuer", var port, var keyFile] => await IssuerMode.RunAsync(Listen.Parse(port), keyFile),
                ["mint", var keyFile, var issuer, var count, var outFile, .. var rest] => MintMode.Run(
                    keyFile,
                    issuer,
                    int.Parse(count, System.Globalization.CultureInfo.InvariantCulture),
                    outFile,
                    rest.Length > 0 ? rest[0] : "demo-api/hello",
                    rest.Length > 1 ? rest[1] : "bench-client",
                    rest.Length > 2 ? int.Parse(rest[2], System.Globalization.CultureInfo.InvariantCulture) : 12 * 3600),
                ["soak", var url, var seconds, var connections, var pid, var validFile, var expiredFile, var wrongScopeFile] => await SoakMode.RunAsync(
                    url,
                    int.Parse(seconds, System.Globalization.CultureInfo.InvariantCulture),
                    int.Parse(connections, System.Globalization.CultureInfo.InvariantCulture),
                    int.Parse(pid, System.Globalization.CultureInfo.InvariantCulture),
                    validFile,
                    expiredFile,
                    wrongScopeFile),
                _ => Fail(Usage),
            };
        }
        catch (FormatException ex)
        {
            return Fail(ex.Message + Environment.NewLine + Usage);
        }
    }

    private static int Fail(string message)
    {
        Console.Error.WriteLine(message);
        return 2;
    }
}
