using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Gateway.Observability;

/// <summary>
/// The gateway's own instruments, on the meter "Gateway" (exported by OpenTelemetry to Prometheus and OTLP).
/// Tags are bounded by configuration and protocol (route ids, authorizer names, issuers, status codes, reason
/// codes, YARP error names): never a client id, a path or anything else a client chooses. Each method checks
/// that its instrument is listened to first, so with metrics off the calls cost a field read.
/// </summary>
internal sealed class GatewayMetrics
{
    public const string MeterName = "Gateway";

    // Refusals before any lookup take microseconds, JWT validation a few hundred, key fetches much longer.
    private static readonly double[] AuthorizerBuckets = [0.00001, 0.000025, 0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];
    // A request the gateway refuses takes tens of microseconds, a proxied one at least the backend's time.
    private static readonly double[] RequestBuckets = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];
    private static readonly double[] UpstreamBuckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

    // "200" rather than a boxed int per request; a status tag is a string in Prometheus anyway.
    private static readonly string[] StatusTexts = Enumerable.Range(0, 600).Select(s => s.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();

    private readonly CounterCells<RequestCountKey> _requestCounts = new(key =>
        [new("route", key.Route), new("status", key.Status), new("decision", key.Decision), new("reason", key.Reason)]);

    private readonly CounterCells<string> _cacheHitCounts = new(AuthorizerTags);
    private readonly CounterCells<string> _cacheMissCounts = new(AuthorizerTags);
    private readonly ObservableCounter<long> _requests;
    private readonly Histogram<double> _requestDuration;
    private readonly Histogram<double> _authorizerDuration;
    private readonly ObservableCounter<long> _cacheHits;
    private readonly ObservableCounter<long> _cacheMisses;
    private readonly Counter<long> _keyFetches;
    private readonly Histogram<double> _upstreamDuration;
    private readonly Counter<long> _upstreamErrors;

    public GatewayMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        // The per-request counters count in cells of their own, read when metrics are collected (CounterCells).
        _requests = meter.CreateObservableCounter(
            "gateway.requests", _requestCounts.Observe, "{request}", "Requests by route, status and authorization decision and reason.");
        _requestDuration = meter.CreateHistogram(
            "gateway.request.duration", "s", "Time from the request's arrival at the gateway until its response was sent, by route and status.",
            tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = RequestBuckets });
        _authorizerDuration = meter.CreateHistogram(
            "gateway.authorizer.duration", "s", "Time the authorizer took to validate a token its result cache did not have, or to refuse a request before any lookup.",
            tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = AuthorizerBuckets });
        _cacheHits = meter.CreateObservableCounter(
            "gateway.token_cache.hits", _cacheHitCounts.Observe, "{request}", "Tokens answered from the authorizer result cache (a remembered success or failure).");
        _cacheMisses = meter.CreateObservableCounter(
            "gateway.token_cache.misses", _cacheMissCounts.Observe, "{request}", "Tokens that had to be validated (signature, claims) because the result cache did not have them.");
        _keyFetches = meter.CreateCounter<long>(
            "gateway.keys.fetches", "{fetch}", "Fetches of a user pool's discovery document and JWKS, by issuer and outcome.");
        _upstreamDuration = meter.CreateHistogram(
            "gateway.upstream.duration", "s", "Time spent forwarding to the backend, until its response was relayed, by route and status.",
            tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = UpstreamBuckets });
        _upstreamErrors = meter.CreateCounter<long>(
            "gateway.upstream.errors", "{request}", "Forwarding failures (connect, timeout, reset, ...), by route and YARP's error name.");
    }

    /// <param name="elapsed">From the start of the gateway's pipeline, as the request log reports it.</param>
    public void RequestCompleted(string route, int status, string decision, string reason, TimeSpan elapsed)
    {
        var statusText = StatusText(status);
        if (_requests.Enabled)
        {
            _requestCounts.Add(new RequestCountKey(route, statusText, decision, reason));
        }

        if (_requestDuration.Enabled)
        {
            _requestDuration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("route", route), new KeyValuePair<string, object?>("status", statusText));
        }
    }

    /// <summary>
    /// A token the result cache answered: counted, not timed. A hit takes about a microsecond, under the first
    /// bucket, and timing it (two clock reads and a histogram) cost a sizeable share of the hit itself.
    /// </summary>
    public void AuthorizerCacheHit(string authorizer)
    {
        if (_cacheHits.Enabled)
        {
            _cacheHitCounts.Add(authorizer);
        }
    }

    /// <param name="result"><see cref="AuthorizerResults.CacheMiss"/> or <see cref="AuthorizerResults.Refused"/>.</param>
    public void AuthorizerCompleted(string authorizer, string result, long startTimestamp)
    {
        if (_authorizerDuration.Enabled)
        {
            var tags = new TagList { { "authorizer", authorizer }, { "result", result } };
            _authorizerDuration.Record(Stopwatch.GetElapsedTime(startTimestamp).TotalSeconds, tags);
        }

        if (result == AuthorizerResults.CacheMiss && _cacheMisses.Enabled)
        {
            _cacheMissCounts.Add(authorizer);
        }
    }

    public void KeysFetched(string issuer, bool success) =>
        _keyFetches.Add(1, new KeyValuePair<string, object?>("issuer", issuer), new KeyValuePair<string, object?>("outcome", success ? "success" : "failure"));

    public void UpstreamCompleted(string route, int status, long startTimestamp, string? error)
    {
        if (_upstreamDuration.Enabled)
        {
            var tags = new TagList { { "route", route }, { "status", StatusText(status) } };
            _upstreamDuration.Record(Stopwatch.GetElapsedTime(startTimestamp).TotalSeconds, tags);
        }

        if (error is not null)
        {
            _upstreamErrors.Add(1, new KeyValuePair<string, object?>("route", route), new KeyValuePair<string, object?>("error", error));
        }
    }

    private static KeyValuePair<string, object?>[] AuthorizerTags(string authorizer) => [new("authorizer", authorizer)];

    private static string StatusText(int status) => (uint)status < (uint)StatusTexts.Length ? StatusTexts[status] : "other";
}
