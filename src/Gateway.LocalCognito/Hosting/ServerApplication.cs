using Gateway.LocalCognito.Configuration;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Gateway.LocalCognito.Hosting;

/// <summary>Builds the service's own small WebApplication, isolated from the configuration of its host process.</summary>
internal static class ServerApplication
{
    public static WebApplication Build(ListenEndpoint listen, ILoggerFactory? loggerFactory)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });

        // The host process's appsettings/ASPNETCORE_* settings (Urls, Kestrel endpoints) are for the gateway, not
        // for this server: without this, Kestrel would also bind the gateway's endpoints.
        builder.Configuration.Sources.Clear();
        builder.Services.AddSingleton<IHostLifetime, EmbeddedHostLifetime>();
        if (loggerFactory is not null)
        {
            builder.Logging.ClearProviders();
            builder.Services.AddSingleton(loggerFactory);
        }

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = ServerLimits.MaxRequestBodyBytes;
            listen.Apply(kestrel);
        });

        return builder.Build();
    }
}
