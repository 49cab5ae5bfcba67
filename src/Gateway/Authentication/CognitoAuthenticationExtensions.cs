using Gateway.Runtime;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;

namespace Gateway.Authentication;

internal static class CognitoAuthenticationExtensions
{
    /// <summary>
    /// Authentication for the authorizers: schemes are added by <see cref="GatewayStateProvider"/> per configuration
    /// generation (so that a reload can add, change or remove authorizers) and configured from its state.
    /// </summary>
    public static IServiceCollection AddCognitoAuthorizers(this IServiceCollection services)
    {
        services.AddSingleton(new TokenResultCache(TimeProvider.System));
        services.AddSingleton<GatewayStateProvider>();
        services.AddSingleton<CognitoAuthenticator>();
        services.AddSingleton<IConfigureOptions<JwtBearerOptions>, CognitoJwtBearerConfigurator>();
        services.AddAuthentication();

        // Handlers are made per request; resolving them from DI avoids ActivatorUtilities' reflection each time.
        services.AddTransient<CognitoAuthorizerHandler>();
        services.AddTransient<JwtBearerHandler>();
        return services;
    }
}
