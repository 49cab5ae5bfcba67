using System.Text.Json.Nodes;
using Gateway.Configuration;
using Gateway.Tests.Infrastructure;

namespace Gateway.Tests.Deploy;

/// <summary>
/// deploy/kubernetes: every kustomization (edge, sidecar) parses, and its Deployment agrees with the gateway:
/// probe paths, ports, mounted configuration that the gateway accepts, hardening, and for the sidecar the
/// destination of its routes.
/// </summary>
public sealed class KubernetesManifestTests
{
    /// <summary>A gateway container with its pod spec and the kustomization directory it comes from.</summary>
    internal sealed record GatewayContainer(string Directory, JsonObject Deployment, JsonObject Pod, JsonObject Container);

    public static TheoryData<string> Kustomizations() => new(KustomizationDirectories());

    internal static IEnumerable<string> KustomizationDirectories() =>
        System.IO.Directory.EnumerateFiles(Path.Combine(DeployFiles.DeployDirectory, "kubernetes"), "kustomization.yaml", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(DeployFiles.RepositoryRoot, Path.GetDirectoryName(f)!).Replace(Path.DirectorySeparatorChar, '/'))
            .Order(StringComparer.Ordinal);

    [Fact]
    public void Edge_and_sidecar_examples_exist()
    {
        var dirs = KustomizationDirectories().ToList();
        Assert.Contains("deploy/kubernetes/edge", dirs);
        Assert.Contains("deploy/kubernetes/sidecar", dirs);
    }

    [Fact]
    public void Every_manifest_parses_into_objects_with_apiVersion_kind_and_name()
    {
        var files = DeployFiles.KubernetesFiles().ToList();
        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            var documents = DeployFiles.ReadYaml(file);
            Assert.NotEmpty(documents);
            foreach (var doc in documents)
            {
                Assert.False(string.IsNullOrEmpty(doc["apiVersion"]?.GetValue<string>()), $"{file}: apiVersion");
                Assert.False(string.IsNullOrEmpty(doc["kind"]?.GetValue<string>()), $"{file}: kind");
                if (doc["kind"]!.GetValue<string>() != "Kustomization")
                {
                    Assert.False(string.IsNullOrEmpty(doc["metadata"]?["name"]?.GetValue<string>()), $"{file}: metadata.name");
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Kustomizations))]
    public void Kustomization_lists_every_file_of_its_directory_and_sets_the_gateway_image(string dir)
    {
        var kustomization = Kustomization(dir);
        var listed = Strings(kustomization["resources"])
            .Concat(Generators(kustomization).SelectMany(g => g.Files))
            .ToHashSet(StringComparer.Ordinal);
        foreach (var file in listed)
        {
            Assert.True(File.Exists(DeployFiles.PathOf($"{dir}/{file}")), $"{dir}/kustomization.yaml lists {file}, which does not exist");
        }

        var present = System.IO.Directory.EnumerateFiles(DeployFiles.PathOf(dir)).Select(Path.GetFileName).Where(f => f != "kustomization.yaml");
        Assert.All(present, f => Assert.True(listed.Contains(f!), $"{dir}/{f} is not in kustomization.yaml, so `kubectl apply -k` ignores it"));
        Assert.Contains(kustomization["images"]!.AsArray(), i => i!["name"]!.GetValue<string>() == "gateway");
    }

    [Theory]
    [MemberData(nameof(Kustomizations))]
    public void Gateway_container_probes_the_gateways_health_paths_on_its_listening_port(string dir)
    {
        var gateway = Assert.Single(GatewayContainers(), c => c.Directory == dir);
        var defaults = new HealthOptions();
        var config = MountedConfig(gateway);
        Assert.Null(DeployFiles.Get(config, "Gateway:Health:LivePath"));
        Assert.Null(DeployFiles.Get(config, "Gateway:Health:ReadyPath"));
        var (_, listenPort) = DeployFiles.ParseListenUrl(DeployFiles.Get(config, "Urls")!);

        var liveness = gateway.Container["livenessProbe"]!["httpGet"]!;
        var readiness = gateway.Container["readinessProbe"]!["httpGet"]!;
        Assert.Equal(defaults.LivePath, liveness["path"]!.GetValue<string>());
        Assert.Equal(defaults.ReadyPath, readiness["path"]!.GetValue<string>());
        Assert.Equal(listenPort, ResolvePort(gateway.Container, liveness["port"]!));
        Assert.Equal(listenPort, ResolvePort(gateway.Container, readiness["port"]!));
    }

    [Theory]
    [MemberData(nameof(Kustomizations))]
    public void Gateway_configuration_is_a_ConfigMap_over_app_appsettings_that_the_gateway_accepts(string dir)
    {
        var gateway = Assert.Single(GatewayContainers(), c => c.Directory == dir);
        var mount = gateway.Container["volumeMounts"]!.AsArray().Single(m => m!["mountPath"]!.GetValue<string>() == "/app/appsettings.json")!;
        Assert.Equal("appsettings.json", mount["subPath"]!.GetValue<string>());
        Assert.True(mount["readOnly"]?.GetValue<bool>());

        var config = MountedConfig(gateway);

        // The gateway's own validation, as at start-up: GatewayConfigurationException on any problem.
        GatewayHost.Build(config.ToJsonString());
        var (host, port) = DeployFiles.ParseListenUrl(DeployFiles.Get(config, "Urls")!);
        Assert.False(DeployFiles.IsLoopback(host), $"{dir}: Urls binds loopback; the kubelet and the Service could not reach it");
        Assert.Contains(gateway.Container["ports"]!.AsArray(), p => p!["containerPort"]!.GetValue<long>() == port);
        Assert.NotEqual("true", DeployFiles.Get(config, "LocalCognito:Enabled"), StringComparer.OrdinalIgnoreCase);
        Assert.NotEqual("true", DeployFiles.Get(config, "DemoBackend:Enabled"), StringComparer.OrdinalIgnoreCase);
    }

    [Theory]
    [MemberData(nameof(Kustomizations))]
    public void Gateway_container_runs_non_root_on_a_read_only_root_filesystem_without_privileges(string dir)
    {
        var gateway = Assert.Single(GatewayContainers(), c => c.Directory == dir);
        var container = gateway.Container["securityContext"]!;
        var pod = gateway.Pod["securityContext"];

        Assert.True((container["runAsNonRoot"] ?? pod?["runAsNonRoot"])?.GetValue<bool>(), "runAsNonRoot");
        Assert.True(container["readOnlyRootFilesystem"]?.GetValue<bool>(), "readOnlyRootFilesystem");
        Assert.False(container["allowPrivilegeEscalation"]?.GetValue<bool>() ?? true, "allowPrivilegeEscalation");
        Assert.Equal(["ALL"], Strings(container["capabilities"]?["drop"]));
        Assert.Equal("RuntimeDefault", (container["seccompProfile"] ?? pod?["seccompProfile"])?["type"]?.GetValue<string>());
        Assert.False(gateway.Pod["automountServiceAccountToken"]?.GetValue<bool>() ?? true, "the gateway never calls the Kubernetes API");

        // With a read-only root, /tmp is the only writable place; an emptyDir with a bound.
        var tmp = gateway.Container["volumeMounts"]!.AsArray().Single(m => m!["mountPath"]!.GetValue<string>() == "/tmp")!;
        var volume = Volume(gateway.Pod, tmp["name"]!.GetValue<string>());
        Assert.NotNull(volume["emptyDir"]?["sizeLimit"]);
    }

    [Theory]
    [MemberData(nameof(Kustomizations))]
    public void Gateway_container_has_resources_and_drains_before_it_is_killed(string dir)
    {
        var gateway = Assert.Single(GatewayContainers(), c => c.Directory == dir);
        var resources = gateway.Container["resources"]!;
        foreach (var key in new[] { "requests:cpu", "requests:memory", "limits:cpu", "limits:memory" })
        {
            Assert.NotNull(DeployFiles.Get(resources, key));
        }

        // The endpoint is removed while the preStop sleep runs, then Kestrel drains in-flight requests for
        // Gateway:Limits:DrainTimeout (30 s unless the mounted configuration says otherwise): both must fit.
        var sleep = gateway.Container["lifecycle"]!["preStop"]!["sleep"]!["seconds"]!.GetValue<long>();
        var drain = DeployFiles.Get(MountedConfig(gateway), "Gateway:Limits:DrainTimeout") is { } configured
            ? TimeSpan.Parse(configured, System.Globalization.CultureInfo.InvariantCulture)
            : TimeSpan.FromSeconds(30);
        var grace = gateway.Pod["terminationGracePeriodSeconds"]?.GetValue<long>() ?? 30;
        Assert.True(sleep >= 1, "preStop sleep");
        Assert.True(grace > sleep + drain.TotalSeconds, $"terminationGracePeriodSeconds {grace} <= preStop {sleep} s + drain {drain.TotalSeconds} s");
    }

    [Theory]
    [MemberData(nameof(Kustomizations))]
    public void Service_selects_the_pods_and_targets_the_gateway_port_only(string dir)
    {
        var gateway = Assert.Single(GatewayContainers(), c => c.Directory == dir);
        var service = Assert.Single(Objects(dir), o => Kind(o) == "Service");
        var podLabels = gateway.Deployment["spec"]!["template"]!["metadata"]!["labels"]!.AsObject();
        Assert.True(Selects(service["spec"]!["selector"]!.AsObject(), podLabels), "the Service selects no gateway pod");

        var (_, gatewayPort) = DeployFiles.ParseListenUrl(DeployFiles.Get(MountedConfig(gateway), "Urls")!);
        foreach (var port in service["spec"]!["ports"]!.AsArray())
        {
            Assert.Equal(gatewayPort, ResolvePort(gateway.Container, port!["targetPort"]!));
        }
    }

    [Fact]
    public void Edge_runs_two_replicas_scaled_on_cpu_and_keeps_one_through_voluntary_disruptions()
    {
        const string dir = "deploy/kubernetes/edge";
        var gateway = Assert.Single(GatewayContainers(), c => c.Directory == dir);
        var deployment = gateway.Deployment;
        var replicas = deployment["spec"]!["replicas"]!.GetValue<long>();
        Assert.Equal(2, replicas);
        var podLabels = deployment["spec"]!["template"]!["metadata"]!["labels"]!.AsObject();
        Assert.True(Selects(deployment["spec"]!["selector"]!["matchLabels"]!.AsObject(), podLabels));

        var hpa = Assert.Single(Objects(dir), o => Kind(o) == "HorizontalPodAutoscaler");
        Assert.Equal("autoscaling/v2", hpa["apiVersion"]!.GetValue<string>());
        var target = hpa["spec"]!["scaleTargetRef"]!;
        Assert.Equal(("apps/v1", "Deployment", Name(deployment)), (target["apiVersion"]!.GetValue<string>(), target["kind"]!.GetValue<string>(), target["name"]!.GetValue<string>()));
        Assert.Equal(replicas, hpa["spec"]!["minReplicas"]!.GetValue<long>());
        Assert.True(hpa["spec"]!["maxReplicas"]!.GetValue<long>() > replicas);
        var metric = Assert.Single(hpa["spec"]!["metrics"]!.AsArray())!;
        Assert.Equal("cpu", metric["resource"]!["name"]!.GetValue<string>());
        Assert.NotNull(gateway.Container["resources"]!["requests"]!["cpu"]);

        var pdb = Assert.Single(Objects(dir), o => Kind(o) == "PodDisruptionBudget");
        Assert.Equal("policy/v1", pdb["apiVersion"]!.GetValue<string>());
        Assert.True(Selects(pdb["spec"]!["selector"]!["matchLabels"]!.AsObject(), podLabels), "the PodDisruptionBudget selects no gateway pod");

        // Satisfiable with the minimum replica count, or node drains would block forever.
        if (pdb["spec"]!["minAvailable"] is { } minAvailable)
        {
            Assert.True(minAvailable.GetValue<long>() < replicas);
        }
        else
        {
            Assert.True(pdb["spec"]!["maxUnavailable"]!.GetValue<long>() >= 1);
        }
    }

    [Fact]
    public void Sidecar_gateway_forwards_only_to_the_app_containers_loopback_port()
    {
        const string dir = "deploy/kubernetes/sidecar";
        var gateway = Assert.Single(GatewayContainers(), c => c.Directory == dir);
        var app = Assert.Single(Containers(gateway.Pod), c => !ReferenceEquals(c, gateway.Container));
        var appUrl = app["env"]!.AsArray().Single(e => e!["name"]!.GetValue<string>() == "ASPNETCORE_URLS")!["value"]!.GetValue<string>();
        var (appHost, appPort) = DeployFiles.ParseListenUrl(appUrl);
        Assert.True(DeployFiles.IsLoopback(appHost), "the app must listen on loopback so that only the gateway reaches it");

        var config = MountedConfig(gateway);
        var (_, gatewayPort) = DeployFiles.ParseListenUrl(DeployFiles.Get(config, "Urls")!);
        Assert.NotEqual(appPort, gatewayPort);

        var destinations = config["ReverseProxy"]!["Clusters"]!.AsObject()
            .SelectMany(c => c.Value!["Destinations"]!.AsObject())
            .Select(d => new Uri(d.Value!["Address"]!.GetValue<string>()))
            .ToList();
        Assert.NotEmpty(destinations);
        Assert.All(destinations, d =>
        {
            Assert.True(d.IsLoopback, $"{d} is not the app container");
            Assert.Equal(appPort, d.Port);
        });
    }

    [Fact]
    public void Sidecar_app_is_probed_through_a_public_gateway_route_since_the_kubelet_cannot_reach_loopback()
    {
        const string dir = "deploy/kubernetes/sidecar";
        var gateway = Assert.Single(GatewayContainers(), c => c.Directory == dir);
        var app = Assert.Single(Containers(gateway.Pod), c => !ReferenceEquals(c, gateway.Container));
        var config = MountedConfig(gateway);
        var (_, gatewayPort) = DeployFiles.ParseListenUrl(DeployFiles.Get(config, "Urls")!);

        var probe = app["readinessProbe"]!["httpGet"]!;
        Assert.Equal(gatewayPort, probe["port"]!.GetValue<long>());
        var path = probe["path"]!.GetValue<string>();
        var route = config["ReverseProxy"]!["Routes"]!.AsObject()
            .SingleOrDefault(r => string.Equals(r.Value!["Match"]!["Path"]!.GetValue<string>(), path, StringComparison.OrdinalIgnoreCase));
        Assert.True(route.Value is not null, $"no route has the exact path {path}");
        Assert.Equal("NONE", route.Value!["Metadata"]!["Authorizer"]!.GetValue<string>(), StringComparer.OrdinalIgnoreCase);
        Assert.Null(app["livenessProbe"]);
    }

    /// <summary>Every container whose image is the kustomization's "gateway" image, across all kustomizations.</summary>
    internal static IEnumerable<GatewayContainer> GatewayContainers()
    {
        foreach (var dir in KustomizationDirectories())
        {
            foreach (var deployment in Objects(dir).Where(o => Kind(o) == "Deployment"))
            {
                var pod = deployment["spec"]!["template"]!["spec"]!.AsObject();
                foreach (var container in Containers(pod).Where(c => c["image"]!.GetValue<string>() == "gateway"))
                {
                    yield return new GatewayContainer(dir, deployment, pod, container);
                }
            }
        }
    }

    /// <summary>The appsettings.json the gateway container reads, from the ConfigMap (or generator) its mount names.</summary>
    private static JsonObject MountedConfig(GatewayContainer gateway)
    {
        var mount = gateway.Container["volumeMounts"]!.AsArray().Single(m => m!["mountPath"]!.GetValue<string>() == "/app/appsettings.json")!;
        var volume = Volume(gateway.Pod, mount["name"]!.GetValue<string>());
        var configMapName = volume["configMap"]!["name"]!.GetValue<string>();
        var key = mount["subPath"]!.GetValue<string>();

        var generator = Generators(Kustomization(gateway.Directory)).SingleOrDefault(g => g.Name == configMapName);
        if (generator.Name is not null)
        {
            Assert.Contains(key, generator.Files);
            return DeployFiles.ReadJson($"{gateway.Directory}/{key}");
        }

        var configMap = Objects(gateway.Directory).Single(o => Kind(o) == "ConfigMap" && Name(o) == configMapName);
        return System.Text.Json.Nodes.JsonNode.Parse(configMap["data"]![key]!.GetValue<string>())!.AsObject();
    }

    private static JsonObject Kustomization(string dir) => DeployFiles.ReadYaml($"{dir}/kustomization.yaml").Single();

    private static IEnumerable<JsonObject> Objects(string dir) =>
        Strings(Kustomization(dir)["resources"]).SelectMany(r => DeployFiles.ReadYaml($"{dir}/{r}"));

    private static IEnumerable<(string? Name, IReadOnlyList<string> Files)> Generators(JsonObject kustomization) =>
        (kustomization["configMapGenerator"]?.AsArray() ?? new JsonArray())
            .Select(g => ((string?)g!["name"]!.GetValue<string>(), (IReadOnlyList<string>)Strings(g["files"]).Select(f => f.Split('=')[^1]).ToList()));

    private static IEnumerable<JsonObject> Containers(JsonObject pod) =>
        pod["containers"]!.AsArray().Select(c => c!.AsObject());

    private static JsonObject Volume(JsonObject pod, string name) =>
        pod["volumes"]!.AsArray().Single(v => v!["name"]!.GetValue<string>() == name)!.AsObject();

    /// <summary>A probe or Service port: a number, or the name of one of the container's ports.</summary>
    private static long ResolvePort(JsonObject container, JsonNode port) =>
        port.GetValueKind() == System.Text.Json.JsonValueKind.Number
            ? port.GetValue<long>()
            : container["ports"]!.AsArray().Single(p => p!["name"]!.GetValue<string>() == port.GetValue<string>())!["containerPort"]!.GetValue<long>();

    private static bool Selects(JsonObject selector, JsonObject labels) =>
        selector.Count > 0 && selector.All(s => labels[s.Key]?.GetValue<string>() == s.Value!.GetValue<string>());

    private static List<string> Strings(JsonNode? node) =>
        node?.AsArray().Select(n => n!.GetValue<string>()).ToList() ?? new List<string>();

    private static string Kind(JsonObject o) => o["kind"]!.GetValue<string>();

    private static string Name(JsonObject o) => o["metadata"]!["name"]!.GetValue<string>();
}
