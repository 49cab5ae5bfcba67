namespace Gateway.LocalDevelopment;

internal static class LocalDevelopmentExtensions
{
    /// <summary>Registers the local token service and demo backend when the configuration enables them.</summary>
    public static IServiceCollection AddLocalDevelopment(this IServiceCollection services, IConfiguration configuration)
    {
        var options = LocalDevelopmentOptions.Read(configuration);
        if (options.LocalCognitoEnabled || options.DemoBackendEnabled)
        {
            services.AddSingleton(options);
            services.AddHostedService<LocalDevelopmentServices>();
        }

        return services;
    }
}
