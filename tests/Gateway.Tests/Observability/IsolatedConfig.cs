using System.Text.Json.Nodes;

namespace Gateway.Tests.Observability;

/// <summary>
/// OpenTelemetry listens to meters by name, so every gateway in the test process sees every other gateway's
/// "Gateway" meter. Tests that read metric labels give the default scenario's authorizer and routes names of
/// their own, so that concurrent tests cannot move the series they look at.
/// </summary>
public static class IsolatedConfig
{
    /// <summary>Renames authorizer <c>main</c> to <c>main-{suffix}</c> and every route <c>r</c> to <c>r-{suffix}</c>.</summary>
    public static JsonObject Isolate(this JsonObject config, string suffix)
    {
        var authorizers = config["Gateway"]!["Authorizers"]!.AsObject();
        var main = authorizers["main"]!;
        authorizers.Remove("main");
        authorizers["main-" + suffix] = main;

        var routes = config["ReverseProxy"]!["Routes"]!.AsObject();
        foreach (var (id, route) in routes.ToList())
        {
            routes.Remove(id);
            if (route!["Metadata"]!["Authorizer"]!.GetValue<string>() == "main")
            {
                route["Metadata"]!["Authorizer"] = "main-" + suffix;
            }

            routes[id + "-" + suffix] = route;
        }

        return config;
    }
}
