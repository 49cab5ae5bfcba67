using System.Text.Json.Nodes;
using Gateway.Configuration;
using Gateway.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Serilog;
using Serilog.Formatting.Compact;

namespace Gateway.Tests.Deploy;

/// <summary>
/// deploy/appsettings.production.json (shipped in the image) and the other production configurations under
/// deploy/: accepted by the gateway, no development services, a real user pool, compact JSON logs.
/// </summary>
public sealed class ProductionConfigTests
{
    public static TheoryData<string> ProductionConfigs() => new(
        "deploy/appsettings.production.json",
        "deploy/kubernetes/edge/appsettings.json",
        "deploy/kubernetes/sidecar/appsettings.json");

    [Theory]
    [MemberData(nameof(ProductionConfigs))]
    public void Passes_the_gateways_configuration_validation(string path)
    {
        GatewayHost.Build(DeployFiles.Read(path));
    }

    [Fact]
    public void A_misspelt_key_in_a_deploy_config_would_fail_these_tests()
    {
        var config = DeployFiles.ReadJson("deploy/appsettings.production.json");
        config["Gateway"]!["Authorizers"]!["cognito"]!["AllowedClientId"] = new JsonArray("x");
        Assert.Throws<GatewayConfigurationException>(() => GatewayHost.Build(config.ToJsonString()));
    }

    [Theory]
    [MemberData(nameof(ProductionConfigs))]
    public void Uses_real_user_pools_with_allowed_app_clients_and_no_development_service(string path)
    {
        var config = DeployFiles.ReadJson(path);
        Assert.Equal("false", DeployFiles.Get(config, "LocalCognito:Enabled"), StringComparer.OrdinalIgnoreCase);
        Assert.Equal("false", DeployFiles.Get(config, "DemoBackend:Enabled"), StringComparer.OrdinalIgnoreCase);
        Assert.Null(config["LocalCognito"]!["Clients"]);

        var authorizers = config["Gateway"]!["Authorizers"]!.AsObject();
        Assert.NotEmpty(authorizers);
        foreach (var (name, authorizer) in authorizers)
        {
            Assert.True(authorizer!["AllowedClientIds"]?.AsArray().Count > 0, $"{name}: AllowedClientIds (otherwise any app client of the pool is accepted)");
            foreach (var pool in authorizer["UserPools"]!.AsArray())
            {
                // A Cognito pool by region and id: its issuer is https://cognito-idp.{region}.amazonaws.com/{id}.
                Assert.NotNull(pool!["Region"]);
                Assert.StartsWith(pool["Region"]!.GetValue<string>() + "_", pool["PoolId"]!.GetValue<string>(), StringComparison.Ordinal);
                Assert.Null(pool["Issuer"]);
                Assert.Null(pool["AllowInsecureHttp"]);
            }
        }

        var (host, port) = DeployFiles.ParseListenUrl(DeployFiles.Get(config, "Urls")!);
        Assert.Equal(("+", 8080), (host, port));
    }

    public static TheoryData<string> CommittedConfigs() => new(
        "appsettings.json",
        "deploy/compose/appsettings.json",
        "deploy/appsettings.production.json",
        "deploy/kubernetes/edge/appsettings.json",
        "deploy/kubernetes/sidecar/appsettings.json");

    /// <summary>
    /// The committed configurations write the request log themselves (Output Text or Json), in the format of their
    /// one sink, so request lines and the rest of the log look alike (RequestLineWriterTests checks the bytes).
    /// </summary>
    [Theory]
    [MemberData(nameof(CommittedConfigs))]
    public void Request_log_output_matches_the_sinks_format(string path)
    {
        var config = DeployFiles.ReadJson(path);
        var sink = Assert.Single(config["Serilog"]!["WriteTo"]!.AsArray())!;
        Assert.Equal("BufferedConsole", sink["Name"]!.GetValue<string>());
        Assert.Null(sink["Args"]?["outputTemplate"]);
        var json = sink["Args"]?["formatter"]?.GetValue<string>() is { } formatter
            && Type.GetType(formatter, throwOnError: true) == typeof(RenderedCompactJsonFormatter);
        Assert.Equal(json ? "Json" : "Text", config["Gateway"]!["Observability"]!["RequestLog"]!["Output"]!.GetValue<string>());
    }

    [Theory]
    [MemberData(nameof(ProductionConfigs))]
    public void Logs_compact_json_to_standard_output_through_the_buffered_sink(string path)
    {
        var config = DeployFiles.ReadJson(path);
        Assert.Contains("Gateway", config["Serilog"]!["Using"]!.AsArray().Select(name => name!.GetValue<string>()));
        var console = Assert.Single(config["Serilog"]!["WriteTo"]!.AsArray())!;
        Assert.Equal("BufferedConsole", console["Name"]!.GetValue<string>());
        var formatter = console["Args"]!["formatter"]!.GetValue<string>();
        Assert.Equal(typeof(RenderedCompactJsonFormatter), Type.GetType(formatter, throwOnError: true));

        // Serilog reads the section the way the gateway does (ReadFrom.Configuration); nothing is logged here.
        var configuration = new ConfigurationBuilder()
            .AddJsonStream(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(config.ToJsonString())))
            .Build();
        using var logger = new LoggerConfiguration().ReadFrom.Configuration(configuration).CreateLogger();
        Assert.True(logger.IsEnabled(Serilog.Events.LogEventLevel.Information));
        Assert.False(logger.ForContext(Serilog.Core.Constants.SourceContextPropertyName, "Microsoft.AspNetCore.Routing").IsEnabled(Serilog.Events.LogEventLevel.Information));
    }

    [Theory]
    [MemberData(nameof(ProductionConfigs))]
    public void Leaves_the_health_paths_at_the_defaults_the_probes_and_healthcheck_use(string path)
    {
        var config = DeployFiles.ReadJson(path);
        Assert.Null(DeployFiles.Get(config, "Gateway:Health:LivePath"));
        Assert.Null(DeployFiles.Get(config, "Gateway:Health:ReadyPath"));
        Assert.Equal("/healthz", new HealthOptions().LivePath);
        Assert.Equal("/readyz", new HealthOptions().ReadyPath);
    }
}
