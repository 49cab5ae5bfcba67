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
            WithoutThrottlingStore(configuration).Bind(options, o => o.ErrorOnUnknownConfiguration = true);
        }
        catch (InvalidOperationException ex)
        {
            // The binder names the key and the value it could not use.
            errors.Add($"Gateway: {ex.Message}{(ex.InnerException is null ? "" : " " + ex.InnerException.Message)}");
            throw new GatewayConfigurationException(errors);
        }

        try
        {
            configuration.GetSection(ThrottlingRedisOptions.SectionName).Bind(options.ThrottlingRedis, o => o.ErrorOnUnknownConfiguration = true);
        }
        catch (InvalidOperationException ex)
        {
            errors.Add($"{ThrottlingRedisOptions.SectionName}: {ex.Message}{(ex.InnerException is null ? "" : " " + ex.InnerException.Message)} (its settings are Configuration and FailOpen).");
            throw new GatewayConfigurationException(errors);
        }

        GatewayOptionsValidator.Validate(options, errors);
        if (!configuration.GetSection("ReverseProxy:Routes").GetChildren().Any())
        {
            // Most often appsettings.json was not found (started from another folder): say so rather than start
            // a gateway that answers 403 to everything.
            errors.Add($"ReverseProxy:Routes has no routes: add routes to appsettings.json (read from the working directory, {Directory.GetCurrentDirectory()}), or start the gateway from the folder that holds it.");
        }

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

    // Gateway:Throttling:{name} are policies, but Gateway:Throttling:Redis is the store they share: strict binding
    // would read it as a policy named Redis with unknown keys. The section is bound without it; the store on its own.
    private static IConfigurationSection WithoutThrottlingStore(IConfiguration configuration)
    {
        var store = ThrottlingRedisOptions.SectionName;
        var section = configuration.GetSection(GatewayOptions.SectionName);
        if (!configuration.GetSection(store).Exists())
        {
            return section;
        }

        var kept = section.AsEnumerable()
            .Where(entry => !entry.Key.Equals(store, StringComparison.OrdinalIgnoreCase)
                && !entry.Key.StartsWith(store + ConfigurationPath.KeyDelimiter, StringComparison.OrdinalIgnoreCase));
        return new ConfigurationBuilder().AddInMemoryCollection(kept).Build().GetSection(GatewayOptions.SectionName);
    }
}
