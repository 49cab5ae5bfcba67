using System.Diagnostics;
using Serilog.Events;

namespace Gateway.Logging;

/// <summary>
/// One request's entry in the request log, computed once: the Serilog event's properties and the line the gateway
/// writes itself are both made from it, so the two outputs cannot disagree.
/// </summary>
internal readonly record struct RequestLine(
    LogEventLevel Level,
    string Method,
    string? Path,
    int StatusCode,
    double ElapsedMs,
    string RequestId,
    string? SourceIp,
    string? RouteId,
    string? Authorizer,
    string Decision,
    string Reason,
    string? ClientId,
    string? Subject,
    int? UpstreamStatus,
    string? UpstreamError,
    ActivityTraceId TraceId,
    ActivitySpanId SpanId);
