using System.Text.RegularExpressions;
using System.Xml.Linq;
using Gateway.Configuration;

namespace Gateway.Tests.Deploy;

/// <summary>deploy/Dockerfile and .dockerignore agree with the projects, the shipped configuration and the health endpoints.</summary>
public sealed class DockerfileTests
{
    private const string DockerfilePath = "deploy/Dockerfile";
    private static readonly (IReadOnlyDictionary<string, string> Args, IReadOnlyList<DockerStage> Stages) Parsed =
        Dockerfile.Parse(DeployFiles.Read(DockerfilePath));

    private static DockerStage Build => Parsed.Stages.Single(s => s.Image.Contains("/dotnet/sdk:", StringComparison.Ordinal));

    /// <summary>Stages that are images people run: every stage based on the ASP.NET Core runtime.</summary>
    private static IEnumerable<DockerStage> RuntimeStages => Parsed.Stages.Where(s => s.Image.Contains("/dotnet/aspnet:", StringComparison.Ordinal));

    public static TheoryData<string> RuntimeStageNames() => new(RuntimeStages.Select(s => s.Name ?? s.Image));

    private static DockerStage Stage(string name) => RuntimeStages.Single(s => (s.Name ?? s.Image) == name);

    [Fact]
    public void Build_stage_publishes_the_gateway_in_Release_from_the_sdk_of_the_projects_target_framework()
    {
        var framework = XDocument.Load(DeployFiles.PathOf("Directory.Build.props")).Descendants("TargetFramework").Single().Value;
        var version = framework.Replace("net", "", StringComparison.Ordinal);
        Assert.Equal($"mcr.microsoft.com/dotnet/sdk:{version}", Build.Image);
        Assert.All(RuntimeStages, s => Assert.StartsWith($"mcr.microsoft.com/dotnet/aspnet:{version}", s.Image, StringComparison.Ordinal));
        Assert.Contains(Build.All("RUN"), r => Regex.IsMatch(r.Arguments, @"^dotnet publish src/Gateway(/Gateway\.csproj)? .*-c Release\b"));
    }

    [Fact]
    public void Restore_layer_copies_the_central_package_files_and_every_project_the_gateway_references()
    {
        var restore = Build.Instructions.ToList().FindIndex(i => i.Keyword == "RUN" && i.Arguments.StartsWith("dotnet restore", StringComparison.Ordinal));
        Assert.True(restore > 0, "the build stage restores before copying the sources");
        var copiedBefore = Build.Instructions.Take(restore).Where(i => i.Keyword == "COPY")
            .SelectMany(i => i.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries)[..^1])
            .ToHashSet(StringComparer.Ordinal);

        Assert.Contains("Directory.Build.props", copiedBefore);
        Assert.Contains("Directory.Packages.props", copiedBefore);
        foreach (var project in ProjectClosure("src/Gateway/Gateway.csproj"))
        {
            Assert.True(copiedBefore.Contains(project), $"{project} is referenced by the gateway but not copied before 'dotnet restore'");
        }
    }

    [Theory]
    [MemberData(nameof(RuntimeStageNames))]
    public void Runtime_stage_runs_as_the_numeric_non_root_user_of_the_dotnet_images(string stage)
    {
        var user = Stage(stage).Last("USER");
        Assert.NotNull(user);

        // Numeric, so that Kubernetes' runAsNonRoot can verify it; 1654 is the images' "app" user.
        Assert.Equal("1654", user.Arguments.Split(':')[0]);
        Assert.Equal(1654, KubernetesRunAsUser());
    }

    [Theory]
    [MemberData(nameof(RuntimeStageNames))]
    public void Runtime_stage_listens_exposes_and_ships_configuration_on_one_port(string stage)
    {
        var runtime = Stage(stage);
        var env = runtime.Environment();
        var shipped = DeployFiles.ReadJson("deploy/appsettings.production.json");

        var (_, envPort) = DeployFiles.ParseListenUrl(env["ASPNETCORE_URLS"]);
        var (shippedHost, shippedPort) = DeployFiles.ParseListenUrl(DeployFiles.Get(shipped, "Urls")!);
        Assert.Equal(envPort, shippedPort);
        Assert.False(DeployFiles.IsLoopback(shippedHost), "a loopback Urls is unreachable from outside the container");
        Assert.Equal(envPort.ToString(System.Globalization.CultureInfo.InvariantCulture), Assert.Single(runtime.All("EXPOSE")).Arguments.Split('/')[0]);
    }

    [Theory]
    [MemberData(nameof(RuntimeStageNames))]
    public void Runtime_stage_reads_appsettings_from_its_working_directory_and_starts_the_gateway_assembly(string stage)
    {
        var runtime = Stage(stage);
        Assert.Equal("/app", runtime.Last("WORKDIR")!.Arguments);
        Assert.Contains(runtime.All("COPY"), c => c.Arguments == "deploy/appsettings.production.json ./appsettings.json");

        var assembly = XDocument.Load(DeployFiles.PathOf("src/Gateway/Gateway.csproj")).Descendants("AssemblyName").Single().Value;
        Assert.Equal(["dotnet", assembly + ".dll"], Dockerfile.ExecForm(runtime.Last("ENTRYPOINT")!.Arguments));
    }

    [Theory]
    [MemberData(nameof(RuntimeStageNames))]
    public void Runtime_stage_needs_no_writable_path_and_carries_no_secret(string stage)
    {
        var runtime = Stage(stage);

        // The runtime's diagnostic IPC socket is the one file .NET would create (in /tmp).
        Assert.Equal("0", runtime.Environment()["DOTNET_EnableDiagnostics"]);
        Assert.DoesNotContain(runtime.All("RUN"), _ => true);
        Assert.DoesNotContain(runtime.All("VOLUME"), _ => true);

        foreach (var instruction in runtime.Instructions.Where(i => i.Keyword is "ENV" or "ARG" or "COPY" or "ADD"))
        {
            Assert.DoesNotMatch(new Regex("secret|password|\\.keys|local-cognito", RegexOptions.IgnoreCase), instruction.Arguments);
        }

        foreach (var copy in runtime.All("COPY").Where(c => !c.Arguments.StartsWith("--from=", StringComparison.Ordinal)))
        {
            Assert.Equal("deploy/appsettings.production.json", copy.Arguments.Split(' ')[0]);
        }
    }

    [Fact]
    public void Default_image_has_a_healthcheck_on_the_gateways_liveness_path_that_its_base_can_run()
    {
        var final = Parsed.Stages[^1];
        var healthcheck = final.Last("HEALTHCHECK");
        Assert.NotNull(healthcheck);
        var command = Dockerfile.ExecForm(healthcheck.Arguments[healthcheck.Arguments.IndexOf("CMD", StringComparison.Ordinal)..]);

        // The .NET Ubuntu images have no curl or wget; Alpine's busybox has wget, which fails on non-2xx.
        Assert.Equal("wget", command[0]);
        Assert.EndsWith("-alpine", final.Image, StringComparison.Ordinal);

        var url = new Uri(command[^1]);
        Assert.Equal(new HealthOptions().LivePath, url.AbsolutePath);
        Assert.True(url.IsLoopback);
        Assert.Equal(final.All("EXPOSE").Single().Arguments, url.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Matches(@"--timeout=\d+s", healthcheck.Arguments);
    }

    [Fact]
    public void Chiseled_stage_has_no_healthcheck_because_it_has_nothing_to_run_one_with()
    {
        var chiseled = Assert.Single(RuntimeStages, s => s.Image.EndsWith("-chiseled", StringComparison.Ordinal));
        Assert.Null(chiseled.Last("HEALTHCHECK"));
        Assert.NotSame(Parsed.Stages[^1], chiseled);
    }

    [Fact]
    public void Dockerignore_keeps_out_outputs_keys_git_and_development_config_but_not_what_the_image_copies()
    {
        var rules = DockerIgnore.Load(DeployFiles.PathOf(".dockerignore"));
        foreach (var excluded in new[]
                 {
                     "src/Gateway/bin/Debug/net10.0/Gateway.dll", "src/Gateway/obj/project.assets.json", ".git/HEAD",
                     ".keys/local-cognito-keys.json", "tests/Gateway.Tests/TestResults/x.trx", "appsettings.json",
                     "deploy/compose/appsettings.json", "deploy/kubernetes/edge/appsettings.json",
                 })
        {
            Assert.True(rules.Excludes(excluded), $".dockerignore lets {excluded} into the build context");
        }

        var copied = Parsed.Stages.SelectMany(s => s.All("COPY"))
            .Where(c => !c.Arguments.StartsWith("--from=", StringComparison.Ordinal))
            .SelectMany(c => c.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries)[..^1])
            .ToList();
        Assert.NotEmpty(copied);
        foreach (var source in copied)
        {
            var sample = source.EndsWith('/') ? source + "Gateway/Program.cs" : source;
            Assert.True(File.Exists(DeployFiles.PathOf(sample)), $"COPY {source}: {sample} does not exist");
            Assert.False(rules.Excludes(sample), $".dockerignore excludes {sample}, which the Dockerfile copies");
        }
    }

    /// <summary>The .csproj files the project needs restored, itself included, as repository paths.</summary>
    private static IEnumerable<string> ProjectClosure(string project)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([project]);
        while (pending.TryPop(out var current))
        {
            if (!seen.Add(current))
            {
                continue;
            }

            var directory = Path.GetDirectoryName(DeployFiles.PathOf(current))!;
            foreach (var reference in XDocument.Load(DeployFiles.PathOf(current)).Descendants("ProjectReference"))
            {
                var full = Path.GetFullPath(Path.Combine(directory, reference.Attribute("Include")!.Value.Replace('\\', Path.DirectorySeparatorChar)));
                pending.Push(Path.GetRelativePath(DeployFiles.RepositoryRoot, full).Replace(Path.DirectorySeparatorChar, '/'));
            }
        }

        return seen;
    }

    private static long KubernetesRunAsUser() =>
        KubernetesManifestTests.GatewayContainers()
            .Select(c => c.Container["securityContext"]?["runAsUser"] ?? c.Pod["securityContext"]?["runAsUser"])
            .Where(u => u is not null)
            .Select(u => u!.GetValue<long>())
            .Distinct()
            .Single();
}
