using Gateway.Authentication;
using Gateway.Logging;

namespace Gateway.Health;

/// <summary>
/// Fetches every pool's keys right after start-up, in the background: the gateway starts even when an issuer
/// is down (public routes keep working), and the first protected request does not pay for the fetch.
/// </summary>
internal sealed class SigningKeyWarmup : BackgroundService
{
    private readonly SigningKeySources _sources;
    private readonly ILogger<SigningKeyWarmup> _logger;

    public SigningKeyWarmup(SigningKeySources sources, ILogger<SigningKeyWarmup> logger)
    {
        _sources = sources;
        _logger = logger;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        foreach (var source in _sources.All)
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
