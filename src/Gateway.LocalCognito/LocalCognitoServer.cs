using Gateway.LocalCognito.Configuration;
using Gateway.LocalCognito.Discovery;
using Gateway.LocalCognito.Hosting;
using Gateway.LocalCognito.Keys;
using Gateway.LocalCognito.OAuth2;
using Gateway.LocalCognito.Pool;
using Gateway.LocalCognito.Tokens;
using Gateway.LocalCognito.UserPoolApi;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Gateway.LocalCognito;

/// <summary>
/// A local, Cognito-compatible token service (discovery, JWKS, /oauth2/token, InitiateAuth) so the tutorial's flow
/// runs offline. For development only.
/// </summary>
public sealed class LocalCognitoServer : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly SigningKeyStore keys;
    private readonly ILogger logger;
    private int stopped;

    private LocalCognitoServer(WebApplication app, SigningKeyStore keys, PoolUrls urls, ILogger logger)
    {
        this.app = app;
        this.keys = keys;
        this.logger = logger;
        BaseAddress = urls.BaseAddress;
        Issuer = urls.Issuer;
    }

    /// <summary>The actual bound address, e.g. http://127.0.0.1:41234/.</summary>
    public Uri BaseAddress { get; }

    /// <summary>{public base}/{UserPoolId}, no trailing slash.</summary>
    public string Issuer { get; }

    /// <summary>Kid of the key that signs new tokens.</summary>
    internal string ActiveKeyId => keys.Active.Kid;

    /// <exception cref="LocalCognitoConfigurationException">The options or the key file are invalid; lists every problem.</exception>
    public static async Task<LocalCognitoServer> StartAsync(
        LocalCognitoOptions options,
        ILoggerFactory? loggerFactory = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var listen = OptionsValidator.Validate(options);
        var pool = new UserPool(options);
        var app = ServerApplication.Build(listen, loggerFactory);
        try
        {
            var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Gateway.LocalCognito");
            var keys = SigningKeyStore.OpenOrCreate(options.KeyFile, logger);
            var address = new PoolAddress();
            var tokens = new TokenFactory(pool, address, keys);
            app.Use(new ErrorBoundary(address, logger).InvokeAsync);
            app.MapLocalCognito(
                new DiscoveryHandler(pool, address, keys),
                new TokenEndpointHandler(pool, tokens, logger),
                new UserPoolApiHandler(new InitiateAuthOperation(pool, tokens, logger), logger));

            await app.StartAsync(cancellationToken);
            var urls = PoolUrls.Create(BoundAddress(app, listen), options.PublicUrl, pool.PoolId);
            address.Publish(urls);
            Log.Started(logger, urls.BaseAddress, pool.PoolId, urls.Issuer);
            foreach (var client in pool.Clients.Where(c => c.AllowClientCredentials && c.AllowedScopes.Count == 0))
            {
                Log.ClientWithoutScopes(logger, client.ClientId);
            }

            return new LocalCognitoServer(app, keys, urls, logger);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref stopped, 1) == 0)
        {
            await app.StopAsync(cancellationToken);
            Log.Stopped(logger);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await app.DisposeAsync();
    }

    /// <summary>Test hook: a new active key; the previous one stays in the JWKS. Returns the new kid.</summary>
    internal string RotateSigningKey() => keys.Rotate().Kid;

    /// <summary>The port Kestrel actually bound (port 0 resolved), with the host as configured.</summary>
    private static Uri BoundAddress(WebApplication app, ListenEndpoint listen)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses;
        var port = new Uri(addresses.First()).Port;
        return new UriBuilder(Uri.UriSchemeHttp, listen.AdvertisedHost, port).Uri;
    }
}
