using Gateway.Demo;
using Gateway.LocalCognito;

namespace Gateway.LocalDevelopment;

/// <summary>
/// Starts the local Cognito token service and the demo backend before the gateway serves, when configured,
/// so that the tutorial runs with one command and no AWS account. The gateway still validates local tokens
/// the way it validates real ones: discovery and JWKS over HTTP, no in-process shortcut.
/// </summary>
internal sealed partial class LocalDevelopmentServices : IHostedService, IAsyncDisposable
{
    private readonly LocalDevelopmentOptions _options;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger<LocalDevelopmentServices> _logger;
    private LocalCognitoServer? _cognito;
    private DemoBackend? _backend;

    public LocalDevelopmentServices(LocalDevelopmentOptions options, ILoggerFactory loggerFactory)
    {
        _options = options;
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger<LocalDevelopmentServices>();
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (_options.LocalCognitoEnabled)
        {
            // The token service logs its own development-only warning with its address and issuer.
            _cognito = await LocalCognitoServer.StartAsync(_options.LocalCognito, _loggerFactory, cancellationToken);
        }

        if (_options.DemoBackendEnabled)
        {
            _backend = await DemoBackend.StartAsync(_options.DemoBackendUrl, cancellationToken);
            LogDemoBackend(_backend.BaseAddress);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken) => await DisposeAsync();

    public async ValueTask DisposeAsync()
    {
        if (_backend is not null)
        {
            await _backend.DisposeAsync();
            _backend = null;
        }

        if (_cognito is not null)
        {
            await _cognito.DisposeAsync();
            _cognito = null;
        }
    }

    [LoggerMessage(21, LogLevel.Information, "Demo backend answering {{\"message\":\"Hello!\"}} at {Address}.")]
    private partial void LogDemoBackend(Uri address);
}
