using System.Threading.RateLimiting;

namespace Gateway.Throttling;

/// <summary>A lease the gateway decides itself when the Redis bucket gave no answer (or has not been asked yet).</summary>
internal sealed class StoreFallbackLease : RateLimitLease
{
    /// <summary>Metadata on a refusal because the store could not answer, so OnRejected writes 503 rather than 429.</summary>
    public const string StoreUnavailable = "GATEWAY_THROTTLING_STORE_UNAVAILABLE";

    /// <summary>Fail-open: let the request through unthrottled.</summary>
    public static readonly StoreFallbackLease Pass = new(acquired: true, unavailable: false);

    /// <summary>Fail-closed: refuse the request with 503.</summary>
    public static readonly StoreFallbackLease Refused = new(acquired: false, unavailable: true);

    /// <summary>
    /// The synchronous attempt: Redis is only asked asynchronously, and the rate limiting middleware follows a
    /// failed attempt with AcquireAsync, which asks it. The library does the same.
    /// </summary>
    public static readonly StoreFallbackLease Undecided = new(acquired: false, unavailable: false);

    private readonly bool _unavailable;

    private StoreFallbackLease(bool acquired, bool unavailable)
    {
        IsAcquired = acquired;
        _unavailable = unavailable;
    }

    public override bool IsAcquired { get; }

    public override IEnumerable<string> MetadataNames => _unavailable ? [StoreUnavailable] : [];

    public override bool TryGetMetadata(string metadataName, out object? metadata)
    {
        metadata = null;
        return _unavailable && metadataName == StoreUnavailable;
    }
}
