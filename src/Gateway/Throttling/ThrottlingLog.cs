namespace Gateway.Throttling;

/// <summary>
/// Throttling's log events. Ids 40-49 are throttling's (the gateway's others are in <c>Logging/Log.cs</c>); the event
/// names are stable so a log-based metric or alert can count them.
/// </summary>
internal static partial class ThrottlingLog
{
    [LoggerMessage(40, LogLevel.Information, "Throttling buckets are kept in Redis at {Endpoints}, shared by every instance; while it cannot answer, requests are {Outcome}.", EventName = "ThrottlingStoreConfigured")]
    public static partial void StoreConfigured(ILogger logger, string endpoints, string outcome);

    // One event when an outage starts (with the exception) and then one per interval with the count, never one per request.
    [LoggerMessage(41, LogLevel.Error, "Redis, the throttling store, cannot answer: {Requests} request(s) since the last report were {Outcome} (Gateway:Throttling:Redis:FailOpen={FailOpen}).", EventName = "ThrottlingStoreUnavailable")]
    public static partial void StoreUnavailable(ILogger logger, long requests, string outcome, bool failOpen, Exception? exception);

    [LoggerMessage(42, LogLevel.Information, "Redis, the throttling store, answers again after {Requests} request(s) were {Outcome}; limits are shared across instances again.", EventName = "ThrottlingStoreRecovered")]
    public static partial void StoreRecovered(ILogger logger, long requests, string outcome);
}
