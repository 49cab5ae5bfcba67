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
/// into a dictionary on every request.
/// </summary>
internal sealed class RequestLog
{
    /// <summary>The events' SourceContext, for level overrides (<c>Serilog:MinimumLevel:Override:Gateway.RequestLog</c>).</summary>
    public const string SourceContext = "Gateway.RequestLog";

    private static readonly MessageTemplate Template = new MessageTemplateParser().Parse(
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

    public RequestLog(Serilog.ILogger logger, GatewayOptions options)
    {
        _logger = logger.ForContext(Constants.SourceContextPropertyName, SourceContext);
        _livePath = options.Health.LivePath;
        _readyPath = options.Health.ReadyPath;
        _metricsPath = options.Observability.Metrics.Path;
    }

    public void Write(HttpContext context, GatewayRequestFeature feature, in RequestOutcome outcome, int statusCode, double elapsedMs, Exception? exception)
    {
        var level = LevelOf(context, statusCode, exception);
        if (!_logger.IsEnabled(level))
        {
            return;
        }

        var forwarderError = context.Features.Get<IForwarderErrorFeature>();
        var token = feature.Token;

        // The dictionary the event keeps, made once at its final size (enrichers add a few more): the
        // IEnumerable<LogEventProperty> constructor allocated a property object per value and grew its
        // dictionary three times.
        var properties = new Dictionary<string, LogEventPropertyValue>(Capacity)
        {
            ["RequestMethod"] = new ScalarValue(context.Request.Method),
            ["RequestPath"] = new ScalarValue(context.Request.Path.Value),
            ["StatusCode"] = Status(statusCode),
            ["Elapsed"] = new ScalarValue(elapsedMs),
            ["RequestId"] = new ScalarValue(feature.RequestId),
            ["SourceIp"] = new ScalarValue(context.GetClientAddress()),
            ["RouteId"] = Scalar(outcome.Route?.RouteId),
            ["Authorizer"] = Scalar(feature.Authorizer),
            ["Decision"] = new ScalarValue(outcome.Decision),
            ["Reason"] = new ScalarValue(outcome.Reason ?? "none"),
            ["ClientId"] = Scalar(token?.ClientId),
            ["Sub"] = Scalar(token?.Subject),
            ["UpstreamStatus"] = outcome.Forwarded && forwarderError is null ? Status(statusCode) : Null,
            ["UpstreamError"] = Scalar(forwarderError?.Error.ToString()),
        };
        var activity = Activity.Current;
        _logger.Write(LogEvent.UnstableAssembleFromParts(
            DateTimeOffset.Now, level, exception, Template, properties, activity?.TraceId ?? default, activity?.SpanId ?? default));
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
