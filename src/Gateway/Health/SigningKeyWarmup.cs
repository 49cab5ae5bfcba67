using Gateway.Runtime;
using Gateway.Logging;

namespace Gateway.Health;

/// <summary>
/// Fetches every pool's keys right after start-up, in the background: the gateway starts even when an issuer
/// is down (public routes keep working), and the first protected request does not pay for the fetch.
/// </summary>
internal sealed class SigningKeyWarmup : BackgroundService
{
    private readonly GatewayStateProvider _state;
    private readonly ILogger<SigningKeyWarmup> _logger;

    public SigningKeyWarmup(GatewayStateProvider state, ILogger<SigningKeyWarmup> logger)
    {
        _state = state;
        _logger = logger;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        foreach (var source in _state.Current.KeySources.All)
        {
            if (await source.TryLoadAsync(stoppingToken))
            {
                Log.SigningKeysLoaded(_logger, source.Issuer, source.Address);
            }
            else if (!stoppingToken.IsCancellationRequested)
            {
                Log.SigningKeysNotLoaded(_logger, source.Issuer, source.Address);
            }
        }
    }
}
