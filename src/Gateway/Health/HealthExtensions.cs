using Gateway.Configuration;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;

namespace Gateway.Health;

internal static class HealthExtensions
{
    private const string ReadyTag = "ready";

    public static IServiceCollection AddGatewayHealth(this IServiceCollection services)
    {
        services.AddSingleton<ShutdownDelay>();
        services.AddHostedService(provider => provider.GetRequiredService<ShutdownDelay>());
        services.AddHealthChecks()
            .AddCheck<SigningKeysHealthCheck>("signingKeys", tags: [ReadyTag])
            .AddCheck<ShutdownHealthCheck>("shutdown", tags: [ReadyTag]);
        services.AddHostedService<SigningKeyWarmup>();
        return services;
    }

    /// <summary>
    /// Liveness and readiness, anonymous. Their literal paths take precedence over any route pattern, and a route
    /// whose path is exactly one of them is refused at load.
    /// </summary>
    public static IEndpointRouteBuilder MapGatewayHealth(this IEndpointRouteBuilder endpoints, HealthOptions options)
    {
        endpoints.MapHealthChecks(options.LivePath, new HealthCheckOptions { Predicate = _ => false, ResponseWriter = HealthResponseWriter.WriteAsync })
            .AllowAnonymous();
        endpoints.MapHealthChecks(options.ReadyPath, new HealthCheckOptions { Predicate = c => c.Tags.Contains(ReadyTag), ResponseWriter = HealthResponseWriter.WriteAsync })
            .AllowAnonymous();
        return endpoints;
    }
}
