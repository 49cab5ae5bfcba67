using System.Text.Json;
using System.Text.Json.Serialization;
using Gateway.Authentication;
using Gateway.Configuration;
using Gateway.Observability;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using Log = Gateway.Logging.Log;

namespace Gateway.Runtime;

/// <summary>
/// Holds the current <see cref="GatewayState"/> and replaces it when appsettings.json changes. A configuration
/// that fails validation is refused with an error naming each key, and the last good one keeps serving.
/// Authorizer schemes are registered with ASP.NET Core's scheme provider as generations come and go.
/// </summary>
internal sealed class GatewayStateProvider : IDisposable
{
    private static readonly JsonSerializerOptions CompareOptions = new() { Converters = { new JsonStringEnumConverter() } };

    private readonly IConfiguration _configuration;
    private readonly TokenResultCache _cache;
    private readonly IAuthenticationSchemeProvider _schemes;
    private readonly IOptionsMonitorCache<JwtBearerOptions> _jwtOptions;
    private readonly ILogger<GatewayStateProvider> _logger;
    private readonly GatewayMetrics _metrics;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, (CognitoAuthorizer Authorizer, CognitoPool Pool)> _livePoolSchemes = new(StringComparer.Ordinal);
    private HttpClient _keyClient;
    private GatewayState _current;
    private string _currentJson;
    private IDisposable? _subscription;
    private IChangeToken? _checkedToken;
    private IReadOnlyList<string> _lastErrors = [];

    public GatewayStateProvider(
        GatewayOptions initial,
        IConfiguration configuration,
        TokenResultCache cache,
        IAuthenticationSchemeProvider schemes,
        IOptionsMonitorCache<JwtBearerOptions> jwtOptions,
        ILogger<GatewayStateProvider> logger,
        GatewayMetrics metrics)
    {
        _metrics = metrics;
        _configuration = configuration;
        _cache = cache;
        _schemes = schemes;
        _jwtOptions = jwtOptions;
        _logger = logger;
        _keyClient = SigningKeySources.CreateHttpClient(initial.SigningKeys);
        _current = new GatewayState(initial, 1, _keyClient, null, cache, metrics);
        _currentJson = Serialize(initial);
        Register(_current);
    }

    public GatewayState Current => Volatile.Read(ref _current);

    /// <summary>Starts following configuration changes.</summary>
    public void Watch()
    {
        _subscription ??= ChangeToken.OnChange(_configuration.GetReloadToken, () => Reload());
    }

    /// <summary>The JwtBearer scheme of a pool, in the current or a still-registered earlier generation.</summary>
    public bool TryFindPool(string scheme, out CognitoAuthorizer? authorizer, out CognitoPool? pool)
    {
        lock (_lock)
        {
            if (_livePoolSchemes.TryGetValue(scheme, out var entry))
            {
                (authorizer, pool) = entry;
                return true;
            }
        }

        authorizer = null;
        pool = null;
        return false;
    }

    /// <summary>
    /// Applies the configuration as it is now, if it changed. Returns the validation errors when it is refused
    /// (the current state stays), or an empty list. Safe to call from any thread, as often as wanted.
    /// </summary>
    public IReadOnlyList<string> Reload()
    {
        lock (_lock)
        {
            // YARP validates every route of a load through here: read and judge the configuration once per
            // change (the reload token is replaced on each change), not once per route, and log a refusal once.
            var token = _configuration.GetReloadToken();
            if (ReferenceEquals(token, _checkedToken))
            {
                return _lastErrors;
            }

            _checkedToken = token;
            GatewayOptions options;
            try
            {
                options = GatewayConfigurationLoader.Load(_configuration);
            }
            catch (GatewayConfigurationException ex)
            {
                Log.ReloadRefused(_logger, ex.Message);
                return _lastErrors = ex.Errors;
            }

            _lastErrors = [];
            var json = Serialize(options);
            if (json == _currentJson)
            {
                return [];
            }

            var previous = _current;
            WarnOnRestartOnlyChanges(previous.Options, options);
            if (options.SigningKeys.FetchTimeout != previous.Options.SigningKeys.FetchTimeout)
            {
                _keyClient = SigningKeySources.CreateHttpClient(options.SigningKeys);
            }

            var next = new GatewayState(options, previous.Generation + 1, _keyClient, previous, _cache, _metrics);
            Register(next);
            Volatile.Write(ref _current, next);
            _currentJson = json;

            // Validated results of the old generation may no longer hold (a pool or client removed).
            _cache.Clear();
            Unregister(previous, next);
            Log.ConfigurationReloaded(_logger, next.Generation, options.Authorizers.Count);
            foreach (var source in next.KeySources.All.Where(s => !s.HasKeys))
            {
                _ = source.TryLoadAsync(CancellationToken.None);
            }

            return [];
        }
    }

    public void Dispose()
    {
        _subscription?.Dispose();
    }

    private void Register(GatewayState state)
    {
        foreach (var authorizer in state.Authorizers.All)
        {
            // The authorizer's scheme is stable; it hands misses to the current generation's pool scheme.
            _schemes.TryAddScheme(new AuthenticationScheme(authorizer.SchemeName, authorizer.Name, typeof(CognitoAuthorizerHandler)));
            foreach (var pool in authorizer.Pools)
            {
                _livePoolSchemes[pool.SchemeName] = (authorizer, pool);
                _schemes.TryAddScheme(new AuthenticationScheme(pool.SchemeName, authorizer.Name, typeof(JwtBearerHandler)));
            }
        }
    }

    private void Unregister(GatewayState previous, GatewayState next)
    {
        foreach (var scheme in previous.PoolSchemes.Keys.Where(s => !next.PoolSchemes.ContainsKey(s)))
        {
            // A request that already resolved its handler keeps it; new requests forward to the new generation.
            _schemes.RemoveScheme(scheme);
            _jwtOptions.TryRemove(scheme);
            _livePoolSchemes.Remove(scheme);
        }
    }

    private void WarnOnRestartOnlyChanges(GatewayOptions previous, GatewayOptions next)
    {
        if (JsonSerializer.Serialize(previous.Limits, CompareOptions) != JsonSerializer.Serialize(next.Limits, CompareOptions)
            || JsonSerializer.Serialize(previous.Throttling, CompareOptions) != JsonSerializer.Serialize(next.Throttling, CompareOptions)
            || JsonSerializer.Serialize(previous.Health, CompareOptions) != JsonSerializer.Serialize(next.Health, CompareOptions)
            || JsonSerializer.Serialize(previous.ThrottlingRedis, CompareOptions) != JsonSerializer.Serialize(next.ThrottlingRedis, CompareOptions)
            || JsonSerializer.Serialize(previous.Observability, CompareOptions) != JsonSerializer.Serialize(next.Observability, CompareOptions)
            || JsonSerializer.Serialize(previous.Operator, CompareOptions) != JsonSerializer.Serialize(next.Operator, CompareOptions))
        {
            Log.RestartNeeded(_logger);
        }
    }

    private static string Serialize(GatewayOptions options) => JsonSerializer.Serialize(options, CompareOptions);
}
