using System.Diagnostics;
using System.Threading.RateLimiting;
using Gateway.Configuration;
using StackExchange.Redis;

namespace Gateway.Throttling;

/// <summary>
/// The one Redis connection of the throttling policies (<c>Gateway:Throttling:Redis</c>), and what happens while
/// Redis cannot answer: <c>FailOpen</c> decides between letting requests through and refusing them, and the outage
/// is logged when it starts, every <see cref="ReportInterval"/> while it lasts, and when it ends.
/// </summary>
internal sealed class RedisThrottlingStore : IHostedService, IAsyncDisposable
{
    private static readonly TimeSpan ReportInterval = TimeSpan.FromSeconds(30);

    private readonly ConfigurationOptions _configuration;
    private readonly ILogger<RedisThrottlingStore> _logger;
    private readonly Lazy<Task<ConnectionMultiplexer>> _connection;
    private readonly Lock _gate = new();
    private volatile bool _failing;
    private long _unanswered;
    private long _lastReport;

    public RedisThrottlingStore(ThrottlingRedisOptions options, ILogger<RedisThrottlingStore> logger)
    {
        FailOpen = options.FailOpen;
        _logger = logger;
        _configuration = ConfigurationOptions.Parse(options.Configuration);

        // A gateway that starts before Redis, or loses it, keeps serving (by FailOpen) and reconnects by itself.
        _configuration.AbortOnConnectFail = false;

        // While disconnected a command fails at once instead of queueing for the async timeout: no request waits
        // on a Redis that is known to be down.
        _configuration.BacklogPolicy = BacklogPolicy.FailFast;

        // A hung Redis would otherwise hold each throttled request for the client's 5 s defaults.
        if (!Sets(options.Configuration, "connectTimeout"))
        {
            _configuration.ConnectTimeout = 2000;
        }

        if (!Sets(options.Configuration, "asyncTimeout"))
        {
            _configuration.AsyncTimeout = 1000;
        }

        // With abortConnect=false this completes after the first attempt, connected or not, and never faults
        // for an unreachable server; the multiplexer then keeps reconnecting in the background.
        _connection = new(() => ConnectionMultiplexer.ConnectAsync(_configuration));
    }

    public bool FailOpen { get; }

    private string Outcome => FailOpen ? "let through unthrottled" : "refused with 503";

    public async Task<IConnectionMultiplexer> ConnectAsync() => await _connection.Value;

    /// <summary>Connects at start-up, so the first requests do not wait for it; start-up itself does not wait either.</summary>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        ThrottlingLog.StoreConfigured(_logger, string.Join(", ", _configuration.EndPoints.Select(EndPointCollection.ToString)), Outcome);
        _ = _connection.Value;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Redis answered; ends an outage if one was going on. Lock-free while all is well.</summary>
    public void Answered()
    {
        if (!_failing)
        {
            return;
        }

        lock (_gate)
        {
            if (_failing)
            {
                _failing = false;
                ThrottlingLog.StoreRecovered(_logger, Interlocked.Exchange(ref _unanswered, 0), Outcome);
            }
        }
    }

    /// <summary>Redis gave no answer: the lease FailOpen calls for, and the outage's log.</summary>
    public RateLimitLease Unanswered(Exception exception)
    {
        Interlocked.Increment(ref _unanswered);
        var now = Stopwatch.GetTimestamp();
        lock (_gate)
        {
            if (!_failing || Stopwatch.GetElapsedTime(_lastReport, now) >= ReportInterval)
            {
                // The exception (long, with the client's state) only when the outage starts.
                ThrottlingLog.StoreUnavailable(_logger, Interlocked.Exchange(ref _unanswered, 0), Outcome, FailOpen, _failing ? null : exception);
                _failing = true;
                _lastReport = now;
            }
        }

        return FailOpen ? StoreFallbackLease.Pass : StoreFallbackLease.Refused;
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection.IsValueCreated)
        {
            await (await _connection.Value).DisposeAsync();
        }
    }

    private static bool Sets(string configuration, string option) =>
        configuration.Split(',').Any(part => part.Trim().StartsWith(option + "=", StringComparison.OrdinalIgnoreCase));
}
