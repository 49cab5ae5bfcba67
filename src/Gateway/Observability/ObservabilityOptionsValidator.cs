using Gateway.Configuration;
using Gateway.Forwarding;

namespace Gateway.Observability;

/// <summary>Checks <c>Gateway:Observability</c> and <c>Gateway:Operator</c>; every message names its key.</summary>
internal static class ObservabilityOptionsValidator
{
    public static void Validate(GatewayOptions options, List<string> errors)
    {
        var metrics = options.Observability.Metrics;
        var path = metrics.Path;
        if (string.IsNullOrEmpty(path) || path[0] != '/' || path.Length < 2 || path.Contains('{') || path.Contains('?'))
        {
            errors.Add($"Gateway:Observability:Metrics:Path is '{path}': use a literal path such as /metrics.");
        }
        else if (ReservedPaths.IsOperatorPath(path))
        {
            errors.Add($"Gateway:Observability:Metrics:Path '{path}' is under {OperatorOptions.PathPrefix}/, which the gateway reserves: use another path such as /metrics.");
        }
        else if (string.Equals(path, options.Health.LivePath, StringComparison.OrdinalIgnoreCase)
                 || string.Equals(path, options.Health.ReadyPath, StringComparison.OrdinalIgnoreCase))
        {
            errors.Add($"Gateway:Observability:Metrics:Path '{path}' is a health endpoint's path: give metrics their own path.");
        }

        ValidateNetworks("Gateway:Observability:Metrics:AllowedNetworks", metrics.AllowedNetworks, errors);
        ValidateNetworks("Gateway:Operator:AllowedNetworks", options.Operator.AllowedNetworks, errors);

        var endpoint = options.Observability.Otlp.Endpoint;
        if (endpoint is not null
            && (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)))
        {
            errors.Add($"Gateway:Observability:Otlp:Endpoint '{endpoint}' is not an absolute http(s) URL such as http://otel-collector:4317; remove it to export nothing.");
        }
    }

    private static void ValidateNetworks(string key, List<string>? networks, List<string> errors)
    {
        for (var i = 0; i < (networks?.Count ?? 0); i++)
        {
            if (!ForwardedHeaders.TryParse(networks![i], out _))
            {
                errors.Add($"{key}:{i} '{networks[i]}' is not an IP address or CIDR range such as 10.0.0.0/8.");
            }
        }
    }
}
