using System.Diagnostics;
using Gateway.Authentication;
using Gateway.Configuration;
using Gateway.Forwarding;
using Gateway.Observability;
using Serilog.Core;
using Serilog.Events;
using Serilog.Parsing;
using Yarp.ReverseProxy.Forwarder;

namespace Gateway.Logging;

/// <summary>
/// The request log: one event per request, with the decision so an operator can tell why a request was
/// refused. Fields map to API Gateway access-log variables; never the token. Written directly as a Serilog
/// event (template parsed once, properties built only when the level is enabled) rather than through
/// Serilog.AspNetCore's request logging, whose diagnostic context set an AsyncLocal and collected properties
/// into a dictionary on every request. With <c>Gateway:Observability:RequestLog:Output</c> Text or Json the same
/// entry (<see cref="RequestLine"/>) is written as a line by <see cref="RequestLineWriter"/> instead, no event built.
/// </summary>
internal sealed class RequestLog
{
    /// <summary>The events' SourceContext, for level overrides (<c>Serilog:MinimumLevel:Override:Gateway.RequestLog</c>).</summary>
    public const string SourceContext = "Gateway.RequestLog";

    internal static readonly MessageTemplate Template = new MessageTemplateParser().Parse(
        "HTTP {RequestMethod} {RequestPath} responded {StatusCode} in {Elapsed:F4} ms: {Decision} ({Reason})");

    private static readonly ScalarValue Null = new(null);

    // Status codes as property values made once: a ScalarValue of an int boxes it, twice per request.
    private static readonly ScalarValue[] StatusValues = Enumerable.Range(0, 600).Select(status => new ScalarValue(status)).ToArray();

    /// <summary>
    /// The event's 14 properties, SourceContext, and room for one an enricher from the configuration adds. A
    /// dictionary of this capacity has 17 slots, one allocation, never resized.
    /// </summary>
    private const int Capacity = 16;

    private readonly Serilog.ILogger _logger;
    private readonly string _livePath;
    private readonly string _readyPath;
    private readonly string _metricsPath;

    private readonly RequestLineWriter? _lines;

    /// <param name="lines">Set when the request log bypasses Serilog (<c>Output</c> Text or Json).</param>
    public RequestLog(Serilog.ILogger logger, GatewayOptions options, RequestLineWriter? lines = null)
    {
        _logger = logger.ForContext(Constants.SourceContextPropertyName, SourceContext);
        _livePath = options.Health.LivePath;
        _readyPath = options.Health.ReadyPath;
        _metricsPath = options.Observability.Metrics.Path;
        _lines = lines;
    }

    public void Write(HttpContext context, GatewayRequestFeature feature, in RequestOutcome outcome, int statusCode, double elapsedMs, Exception? exception)
    {
        // Serilog's levels decide either way, overrides included (Serilog:MinimumLevel:Override:Gateway.RequestLog).
        var level = LevelOf(context, statusCode, exception);
        if (!_logger.IsEnabled(level))
        {
            return;
        }

        var forwarderError = context.Features.Get<IForwarderErrorFeature>();
        var token = feature.Token;
        var activity = Activity.Current;
        var line = new RequestLine(
            level,
            context.Request.Method,
            context.Request.Path.Value,
            statusCode,
            elapsedMs,
            feature.RequestId,
            context.GetClientAddress(),
            outcome.Route?.RouteId,
            feature.Authorizer,
            outcome.Decision,
            outcome.Reason ?? "none",
            token?.ClientId,
            token?.Subject,
            outcome.Forwarded && forwarderError is null ? statusCode : null,
            forwarderError?.Error.ToString(),
            activity?.TraceId ?? default,
            activity?.SpanId ?? default);

        // A request that ended in an exception goes to Serilog, with the exception, whatever the output.
        if (_lines is not null && exception is null)
        {
            _lines.Write(line);
            return;
        }

        _logger.Write(Event(line, exception));
    }

    // The dictionary the event keeps, made once at its final size (enrichers add a few more): the
    // IEnumerable<LogEventProperty> constructor allocated a property object per value and grew its dictionary
    // three times.
    private static LogEvent Event(in RequestLine line, Exception? exception)
    {
        var properties = new Dictionary<string, LogEventPropertyValue>(Capacity)
        {
            ["RequestMethod"] = new ScalarValue(line.Method),
            ["RequestPath"] = new ScalarValue(line.Path),
            ["StatusCode"] = Status(line.StatusCode),
            ["Elapsed"] = new ScalarValue(line.ElapsedMs),
            ["RequestId"] = new ScalarValue(line.RequestId),
            ["SourceIp"] = Scalar(line.SourceIp),
            ["RouteId"] = Scalar(line.RouteId),
            ["Authorizer"] = Scalar(line.Authorizer),
            ["Decision"] = new ScalarValue(line.Decision),
            ["Reason"] = new ScalarValue(line.Reason),
            ["ClientId"] = Scalar(line.ClientId),
            ["Sub"] = Scalar(line.Subject),
            ["UpstreamStatus"] = line.UpstreamStatus is { } upstream ? Status(upstream) : Null,
            ["UpstreamError"] = Scalar(line.UpstreamError),
        };
        return LogEvent.UnstableAssembleFromParts(
            DateTimeOffset.Now, line.Level, exception, Template, properties, line.TraceId, line.SpanId);
    }

    // Probes and successful scrapes every few seconds per instance would drown the request log: Verbose.
    // A refused scrape (from a network not allowed) stays visible.
    private LogEventLevel LevelOf(HttpContext context, int statusCode, Exception? exception)
    {
        var path = context.Request.Path;
        if (path.Equals(_livePath, StringComparison.OrdinalIgnoreCase)
            || path.Equals(_readyPath, StringComparison.OrdinalIgnoreCase)
            || (statusCode == StatusCodes.Status200OK && path.Equals(_metricsPath, StringComparison.OrdinalIgnoreCase)))
        {
            return LogEventLevel.Verbose;
        }

        return exception is not null || statusCode >= 500 ? LogEventLevel.Error : LogEventLevel.Information;
    }

    private static ScalarValue Scalar(string? value) => value is null ? Null : new ScalarValue(value);

    private static ScalarValue Status(int statusCode) =>
        (uint)statusCode < (uint)StatusValues.Length ? StatusValues[statusCode] : new ScalarValue(statusCode);
}
