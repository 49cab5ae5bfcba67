using Gateway.Authentication;
using Microsoft.AspNetCore.DataProtection;
using Gateway.Authorization;
using Gateway.Configuration;
using Gateway.Forwarding;
using Gateway.Health;
using Gateway.LocalDevelopment;
using Gateway.Logging;
using Gateway.Observability;
using Gateway.Operator;
using Gateway.Responses;
using Gateway.Runtime;
using Gateway.Throttling;
using Microsoft.AspNetCore.Authorization;
using Serilog;
using Log = Gateway.Logging.Log;

namespace Gateway.Hosting;

/// <summary>
/// The gateway's composition, by capability. <c>Program.cs</c> and the tests build the very same application
/// from these two calls, with their own configuration.
/// </summary>
public static class GatewayHostingExtensions
{
    /// <summary>Reads and validates the configuration (throwing <see cref="GatewayConfigurationException"/>) and registers the gateway.</summary>
    public static WebApplicationBuilder AddGateway(this WebApplicationBuilder builder)
    {
        var options = GatewayConfigurationLoader.Load(builder.Configuration);
        builder.Services.AddSingleton(options);
        SingletonServices.Register(builder.Services);
        builder.Services.AddGatewayLogging(builder.Configuration, options.Observability.RequestLog);
        builder.Services.AddGatewayObservability(options);
        builder.Services.AddCognitoAuthorizers();
        builder.Services.AddGatewayAuthorization();
        builder.Services.AddGatewayProxy(builder.Configuration);
        builder.Services.AddGatewayThrottling(options);
        builder.Services.AddRequestTimeouts();
        builder.Services.Configure<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>(
            kestrel => kestrel.Limits.MaxRequestBodySize = options.Limits.MaxRequestBodyBytes);
        if (options.Limits.InlineIoCompletions)
        {
            // Measured in the load test (one reused token, one CPU): 63.6 -> 52.7 CPU-us per proxied request.
            // Kestrel's half is an option; the sockets' half (Kestrel's and the upstream HttpClient's) is read
            // from the environment once, when the first socket is used, which is after this and before Kestrel
            // starts. A process that has used sockets before (a test host) keeps what it had.
            builder.WebHost.UseSockets(sockets => sockets.UnsafePreferInlineScheduling = true);
            Environment.SetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS", "1");
        }

        // SIGTERM: Kestrel stops accepting connections and in-flight requests get this long to finish.
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = options.Limits.ShutdownDelay + options.Limits.DrainTimeout);

        // The gateway keeps no data-protected state; ephemeral keys avoid writing a key ring (read-only root filesystems).
        builder.Services.AddDataProtection().UseEphemeralDataProtectionProvider();

        // Before the key warm-up: the local token service must be listening when the gateway first fetches its keys.
        builder.Services.AddLocalDevelopment(builder.Configuration);
        builder.Services.AddGatewayHealth();
        return builder;
    }

    /// <summary>The request pipeline: request id, request log, routing, authorization, then routes, health and the 403 fallback.</summary>
    public static WebApplication UseGateway(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<GatewayOptions>();
        var logger = app.Services.GetRequiredService<ILogger<GatewayOptions>>();
        Log.ConfigurationLoaded(logger, options.Authorizers.Count, options.ResponseStyle.ToString());
        foreach (var (name, authorizer) in options.Authorizers)
        {
            if (authorizer.AllowedClientIds.Count == 0)
            {
                Log.AnyClientAccepted(logger, name);
            }
        }

        // Schemes of the first generation are registered when the state is created; then follow file changes.
        app.Services.GetRequiredService<GatewayStateProvider>().Watch();

        app.UseMiddleware<GatewayRequestMiddleware>();
        app.UseMiddleware<RequestGuardMiddleware>();
        app.UseRouting();
        app.UseRequestTimeouts();

        // No authentication middleware: each route's policy names its authorizer's scheme and the authorization
        // middleware authenticates with exactly that one. WebApplication would add UseAuthentication() in front of
        // everything because authentication services are registered; with no default scheme and no remote
        // sign-in it only allocated a feature and a request scope per request. This is the key UseAuthentication
        // itself sets to say it is present (if ASP.NET Core renames it, the middleware is back: slower, not wrong).
        ((IApplicationBuilder)app).Properties["__AuthenticationMiddlewareSet"] = true;
        app.UseAuthorization();

        // After authorization, so that a per-client bucket is keyed by the validated client_id.
        app.UseRateLimiter();

        app.MapGatewayHealth(options.Health);
        app.MapGatewayMetrics(options.Observability.Metrics);
        app.MapGatewayOperator(options.Operator);
        app.MapReverseProxy(proxy =>
            {
                proxy.UseMiddleware<UpstreamErrorMiddleware>();
                proxy.UseSessionAffinity();
                proxy.UseLoadBalancing();
                proxy.UsePassiveHealthChecks();
            })
            .ConfigureEndpoints(GatewayEndpointConventions.Apply(app.Services));
        // MapFallback's default pattern skips paths that look like files (/favicon.ico), which would then
        // end in a bare 404; every unmatched path gets the gateway's 403.
        app.MapFallback("{**path}", NoRouteEndpoint.HandleAsync).AllowAnonymous();
        return app;
    }

    private static IServiceCollection AddGatewayLogging(this IServiceCollection services, IConfiguration configuration, RequestLogOptions requestLog)
    {
        // ReadFrom.Services adds sinks registered in DI: how tests capture the request log. The static Log.Logger
        // is left alone (preserveStaticLogger), so two hosts in one process (the tests) never share a logger and
        // disposing one does not silence the other; the request log writes to this host's logger.
        // No Enrich.FromLogContext: nothing here pushes LogContext properties, and events logged through
        // ILogger (ASP.NET Core, YARP, the gateway's own) get their scopes (ConnectionId, RequestId) from the
        // Serilog provider without it. With it, the request event also walked Kestrel's and hosting's scopes on
        // every request to add a ConnectionId and two properties it already had.
        services.AddSerilog(
            (provider, logger) => logger
                .ReadFrom.Configuration(configuration)
                .ReadFrom.Services(provider),
            preserveStaticLogger: true);
        services.AddSingleton<RequestLog>();
        if (requestLog.Output is not RequestLogOutput.Serilog)
        {
            // Disposed with the host: its last lines are written before the process exits.
            services.AddSingleton(_ => new RequestLineWriter(Console.OpenStandardOutput(), json: requestLog.Output is RequestLogOutput.Json));
        }

        return services;
    }

    private static IServiceCollection AddGatewayAuthorization(this IServiceCollection services)
    {
        services.AddSingleton<GatewayResponseWriter>();
        services.AddSingleton<CognitoRouteCheck>();
        services.AddSingleton<Microsoft.AspNetCore.Authorization.Policy.IPolicyEvaluator, GatewayPolicyEvaluator>();
        services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationMiddlewareResultHandler, GatewayAuthorizationResultHandler>();
        services.AddAuthorizationBuilder()
            // Deny by default: an endpoint that declares nothing is refused (YARP's default is to allow).
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().AddRequirements(new Microsoft.AspNetCore.Authorization.Infrastructure.AssertionRequirement(_ => false)).Build());
        return services;
    }

    private static IServiceCollection AddGatewayProxy(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddReverseProxy()
            .LoadFromConfig(configuration.GetSection("ReverseProxy"))
            .AddConfigFilter<ClusterDefaultsFilter>();
        services.AddSingleton<ForwarderMeterFactory>();
        services.AddSingleton<Yarp.ReverseProxy.Forwarder.IForwarderHttpClientFactory, GatewayForwarderHttpClientFactory>();
        services.AddSingleton<Yarp.ReverseProxy.Transforms.Builder.ITransformProvider, GatewayTransformProvider>();
        return services;
    }
}
