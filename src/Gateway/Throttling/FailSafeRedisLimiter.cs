using System.Diagnostics;
using System.Threading.RateLimiting;
using Gateway.Configuration;
using RedisRateLimiting;
using StackExchange.Redis;

namespace Gateway.Throttling;

/// <summary>
/// One partition's token bucket in Redis (RedisRateLimiting's <see cref="RedisTokenBucketRateLimiter{TKey}"/>), with
/// the gateway's answer when Redis cannot give one: the library throws, and an exception out of the rate limiting
/// middleware would be a 500 on every throttled route.
/// </summary>
internal sealed class FailSafeRedisLimiter : RateLimiter
{
    private readonly RedisThrottlingStore _store;
    private readonly string _key;
    private readonly ThrottlingPolicyOptions _policy;
    private readonly long _createdAt = Stopwatch.GetTimestamp();
    private RedisTokenBucketRateLimiter<string>? _bucket;

    public FailSafeRedisLimiter(RedisThrottlingStore store, string key, ThrottlingPolicyOptions policy)
    {
        _store = store;
        _key = key;
        _policy = policy;
    }

    // Lets the partitioned limiter drop partitions nobody used for a while, as it does in process.
    public override TimeSpan? IdleDuration => _bucket?.IdleDuration ?? Stopwatch.GetElapsedTime(_createdAt);

    // The library's bucket does not implement statistics (it throws); there are none to give.
    public override RateLimiterStatistics? GetStatistics() => null;

    protected override RateLimitLease AttemptAcquireCore(int permitCount) => StoreFallbackLease.Undecided;

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        try
        {
            var bucket = _bucket ?? await CreateBucketAsync();
            var lease = await bucket.AcquireAsync(permitCount, cancellationToken);
            _store.Answered();
            return lease;
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            return _store.Unanswered(ex);
        }
    }

    // The bucket takes its connection from a synchronous factory; it is created once the shared connection
    // exists, so no request blocks a thread on connecting.
    private async Task<RedisTokenBucketRateLimiter<string>> CreateBucketAsync()
    {
        var connection = await _store.ConnectAsync();
        var bucket = new RedisTokenBucketRateLimiter<string>(_key, new RedisTokenBucketRateLimiterOptions
        {
            ConnectionMultiplexerFactory = () => connection,
            TokenLimit = _policy.Burst,
            TokensPerPeriod = _policy.RatePerSecond,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
        });

        // Two requests may race here; the buckets are stateless views of the same Redis keys, either will do.
        return Interlocked.CompareExchange(ref _bucket, bucket, null) ?? bucket;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _bucket?.Dispose();
        }

        base.Dispose(disposing);
    }
}
