using System.Globalization;
using System.Text.Json.Nodes;
using Gateway.Tests.Infrastructure;

namespace Gateway.Tests.Deploy;

/// <summary>
/// deploy/docker-compose.yml: one container runs the gateway with the local token service and the demo backend.
/// The ports it publishes, the issuer tokens carry and the files it writes must agree with its mounted config.
/// </summary>
public sealed class ComposeTests
{
    private const string ComposePath = "deploy/docker-compose.yml";

    private static JsonObject Gateway => DeployFiles.ReadYaml(ComposePath).Single()["services"]!["gateway"]!.AsObject();

    /// <summary>The appsettings.json mounted at /app/appsettings.json, with the service's environment applied.</summary>
    private static JsonObject EffectiveConfig()
    {
        var volume = Gateway["volumes"]!.AsArray().Select(v => v!.GetValue<string>().Split(':'))
            .Single(v => v[1] == "/app/appsettings.json");
        Assert.Equal("ro", volume.ElementAtOrDefault(2));
        var source = Path.GetRelativePath(DeployFiles.RepositoryRoot, Path.Combine(DeployFiles.DeployDirectory, volume[0]));
        return DeployFiles.WithEnvironment(DeployFiles.ReadJson(source), Environment());
    }

    private static IEnumerable<KeyValuePair<string, string>> Environment() =>
        Gateway["environment"] switch
        {
            JsonObject map => map.Select(p => KeyValuePair.Create(p.Key, p.Value?.ToString() ?? "")),
            JsonArray list => list.Select(e => e!.GetValue<string>().Split('=', 2)).Select(p => KeyValuePair.Create(p[0], p.ElementAtOrDefault(1) ?? "")),
            _ => [],
        };

    /// <summary>container port -> host port, from "[ip:]host:container" entries.</summary>
    private static Dictionary<int, int> PublishedPorts() =>
        Gateway["ports"]!.AsArray()
            .Select(p => p!.GetValue<string>().Split(':'))
            .ToDictionary(p => int.Parse(p[^1], CultureInfo.InvariantCulture), p => int.Parse(p[^2], CultureInfo.InvariantCulture));

    [Fact]
    public void Compose_builds_the_Dockerfile_stage_that_has_the_healthcheck_from_the_repository_root()
    {
        var build = Gateway["build"]!;
        var context = Path.GetFullPath(Path.Combine(DeployFiles.DeployDirectory, build["context"]!.GetValue<string>()));
        Assert.Equal(DeployFiles.RepositoryRoot.TrimEnd(Path.DirectorySeparatorChar), context.TrimEnd(Path.DirectorySeparatorChar));
        var dockerfile = build["dockerfile"]!.GetValue<string>();
        Assert.True(File.Exists(Path.Combine(context, dockerfile)));

        var stages = Dockerfile.Parse(DeployFiles.Read(dockerfile)).Stages;
        var target = build["target"]?.GetValue<string>();
        var stage = target is null ? stages[^1] : Assert.Single(stages, s => s.Name == target);
        Assert.NotNull(stage.Last("HEALTHCHECK"));
    }

    [Fact]
    public void Mounted_config_with_the_services_environment_passes_the_gateways_validation()
    {
        GatewayHost.Build(EffectiveConfig().ToJsonString());
    }

    [Fact]
    public void Published_ports_reach_the_gateway_and_the_token_service_on_all_interfaces()
    {
        var config = EffectiveConfig();
        var published = PublishedPorts();

        var (gatewayHost, gatewayPort) = DeployFiles.ParseListenUrl(DeployFiles.Get(config, "Urls")!);
        var (cognitoHost, cognitoPort) = DeployFiles.ParseListenUrl(DeployFiles.Get(config, "LocalCognito:Url")!);

        // Docker forwards a published port to the container's interface, never to its loopback.
        Assert.False(DeployFiles.IsLoopback(gatewayHost), "Urls");
        Assert.False(DeployFiles.IsLoopback(cognitoHost), "LocalCognito:Url");
        Assert.Equal(new[] { cognitoPort, gatewayPort }.Order(), published.Keys.Order());

        // The demo credentials are public: the host publishes on its loopback only.
        Assert.All(Gateway["ports"]!.AsArray(), p => Assert.StartsWith("127.0.0.1:", p!.GetValue<string>(), StringComparison.Ordinal));
    }

    [Fact]
    public void Tokens_fetched_from_the_host_carry_the_issuer_the_gateway_accepts_and_can_fetch_keys_from()
    {
        var config = EffectiveConfig();
        Assert.Equal("true", DeployFiles.Get(config, "LocalCognito:Enabled"), StringComparer.OrdinalIgnoreCase);
        var publicUrl = new Uri(DeployFiles.Get(config, "LocalCognito:PublicUrl")!);
        var issuer = $"{publicUrl.AbsoluteUri.TrimEnd('/')}/{DeployFiles.Get(config, "LocalCognito:UserPoolId")}";

        // The host reaches the token service as localhost:{published port}; the token's iss says so.
        Assert.True(publicUrl.IsLoopback);
        var (_, cognitoPort) = DeployFiles.ParseListenUrl(DeployFiles.Get(config, "LocalCognito:Url")!);
        Assert.Equal(PublishedPorts()[cognitoPort], publicUrl.Port);

        // Inside the container the same URL is the container itself, where the token service listens on
        // that port: the gateway fetches discovery and JWKS from the issuer without any override.
        var pool = Assert.Single(config["Gateway"]!["Authorizers"]!.AsObject().SelectMany(a => a.Value!["UserPools"]!.AsArray()))!;
        Assert.Equal(issuer, pool["Issuer"]!.GetValue<string>());
        Assert.Null(pool["MetadataAddress"]);
        Assert.Null(pool["JwksUri"]);
        Assert.Equal(publicUrl.Port, cognitoPort);
    }

    [Fact]
    public void Demo_backend_is_the_routes_destination_and_is_reachable_only_inside_the_container()
    {
        var config = EffectiveConfig();
        Assert.Equal("true", DeployFiles.Get(config, "DemoBackend:Enabled"), StringComparer.OrdinalIgnoreCase);
        var (backendHost, backendPort) = DeployFiles.ParseListenUrl(DeployFiles.Get(config, "DemoBackend:Url")!);
        Assert.True(DeployFiles.IsLoopback(backendHost));
        Assert.DoesNotContain(backendPort, PublishedPorts().Keys);

        var destinations = config["ReverseProxy"]!["Clusters"]!.AsObject()
            .SelectMany(c => c.Value!["Destinations"]!.AsObject())
            .Select(d => new Uri(d.Value!["Address"]!.GetValue<string>()));
        Assert.All(destinations, d => Assert.Equal((true, backendPort), (d.IsLoopback, d.Port)));
    }

    [Fact]
    public void Read_only_container_writes_its_local_signing_keys_to_its_tmpfs_only()
    {
        Assert.True(Gateway["read_only"]!.GetValue<bool>());
        var tmpfs = Gateway["tmpfs"]!.AsArray().Select(t => t!.GetValue<string>().Split(':')[0].TrimEnd('/') + "/").ToList();
        var keyFile = DeployFiles.Get(EffectiveConfig(), "LocalCognito:KeyFile")!;
        Assert.True(Path.IsPathRooted(keyFile), $"KeyFile '{keyFile}' is relative to /app, which is read-only");
        Assert.Contains(tmpfs, t => keyFile.StartsWith(t, StringComparison.Ordinal));

        Assert.Equal(["ALL"], Gateway["cap_drop"]!.AsArray().Select(c => c!.GetValue<string>()));
        Assert.Contains("no-new-privileges:true", Gateway["security_opt"]!.AsArray().Select(c => c!.GetValue<string>()));
    }
}
