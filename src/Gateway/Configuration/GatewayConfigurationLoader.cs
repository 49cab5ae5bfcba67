namespace Gateway.Configuration;

/// <summary>
/// Binds the <c>Gateway</c> section strictly (a misspelt key is an error, not a silently ignored setting) and
/// validates it together with the routes of the <c>ReverseProxy</c> section, collecting every error.
/// </summary>
internal static class GatewayConfigurationLoader
{
    public static GatewayOptions Load(IConfiguration configuration)
    {
        var errors = new List<string>();
        var options = new GatewayOptions();
        try
        {
            configuration.GetSection(GatewayOptions.SectionName).Bind(options, o => o.ErrorOnUnknownConfiguration = true);
        }
        catch (InvalidOperationException ex)
        {
            // The binder names the key and the value it could not use.
            errors.Add($"Gateway: {ex.Message}{(ex.InnerException is null ? "" : " " + ex.InnerException.Message)}");
            throw new GatewayConfigurationException(errors);
        }

        GatewayOptionsValidator.Validate(options, errors);
        foreach (var route in configuration.GetSection("ReverseProxy:Routes").GetChildren())
        {
            var metadata = route.GetSection("Metadata").GetChildren()
                .Where(c => c.Value is not null)
                .ToDictionary(c => c.Key, c => c.Value!, StringComparer.OrdinalIgnoreCase);
            RouteAuthorizationParser.Parse(route.Key, metadata, route["AuthorizationPolicy"], route["Match:Path"], options, errors);
            var rateLimiter = route["RateLimiterPolicy"];
            if (!string.IsNullOrEmpty(rateLimiter) && rateLimiter != "Disable" && !options.Throttling.ContainsKey(rateLimiter))
            {
                errors.Add($"ReverseProxy:Routes:{route.Key}:RateLimiterPolicy names '{rateLimiter}', which is not in Gateway:Throttling ({string.Join(", ", options.Throttling.Keys)}): add it there or remove the setting.");
            }
        }

        if (errors.Count > 0)
        {
            throw new GatewayConfigurationException(errors);
        }

        return options;
    }
}
