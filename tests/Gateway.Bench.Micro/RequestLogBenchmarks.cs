using BenchmarkDotNet.Attributes;
using Gateway.Authentication;
using Gateway.Configuration;
using Gateway.Logging;
using Gateway.Observability;
using Microsoft.AspNetCore.Http;
using Serilog;
using Serilog.Events;
using Serilog.Formatting;
using Serilog.Formatting.Compact;
using Serilog.Formatting.Display;

namespace Gateway.Bench.Micro;

/// <summary>
/// One request's log entry (src/Gateway/Logging/RequestLog.cs): the Serilog event built and formatted by the
/// committed sink (BufferedConsole, default template or compact JSON, to a null stream), built but stopped by the
/// sink's level;
/// the gateway's own text and JSON lines (Output Text, Json: what the request pays, queueing the entry; the lines
/// are formatted later on the sink's thread, which is not timed here); and nothing (level off).
/// </summary>
[MemoryDiagnoser]
public class RequestLogBenchmarks
{
    private RequestLog _formatted = null!;
    private RequestLog _formattedJson = null!;
    private RequestLog _restricted = null!;
    private RequestLog _disabled = null!;
    private RequestLog _ownText = null!;
    private RequestLog _ownJson = null!;
    private RequestLineWriter[] _writers = [];
    private DefaultHttpContext _context = null!;
    private GatewayRequestFeature _feature = null!;
    private Serilog.Core.Logger[] _loggers = [];

    [GlobalSetup]
    public void Setup()
    {
        var options = new GatewayOptions();
        _formatted = new RequestLog(Logger(LogEventLevel.Information, LogEventLevel.Verbose), options);
        _formattedJson = new RequestLog(Logger(LogEventLevel.Information, LogEventLevel.Verbose, new RenderedCompactJsonFormatter()), options);
        _restricted = new RequestLog(Logger(LogEventLevel.Information, LogEventLevel.Warning), options);
        _disabled = new RequestLog(Logger(LogEventLevel.Warning, LogEventLevel.Verbose), options);
        _writers = [new RequestLineWriter(Stream.Null, json: false), new RequestLineWriter(Stream.Null, json: true)];
        _ownText = new RequestLog(Logger(LogEventLevel.Information, LogEventLevel.Verbose), options, _writers[0]);
        _ownJson = new RequestLog(Logger(LogEventLevel.Information, LogEventLevel.Verbose), options, _writers[1]);
        _context = new DefaultHttpContext();
        _context.Request.Method = "GET";
        _context.Request.Path = "/hello";
        _feature = new GatewayRequestFeature("0f8fad5b-d9cb-469f-a165-70867728950e")
        {
            Authorizer = "cognito",
            Reason = ReasonCodes.Allowed,
            ClientAddress = "127.0.0.1",
        };
        _context.SetGatewayFeature(_feature);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        foreach (var logger in _loggers)
        {
            logger.Dispose();
        }

        foreach (var writer in _writers)
        {
            writer.Dispose();
        }
    }

    [Benchmark(Baseline = true)]
    public void Formatted() => _formatted.Write(_context, _feature, Outcome(), 200, 0.8123, null);

    [Benchmark]
    public void FormattedJson() => _formattedJson.Write(_context, _feature, Outcome(), 200, 0.8123, null);

    [Benchmark]
    public void BuiltNotFormatted() => _restricted.Write(_context, _feature, Outcome(), 200, 0.8123, null);

    [Benchmark]
    public void OwnText() => _ownText.Write(_context, _feature, Outcome(), 200, 0.8123, null);

    [Benchmark]
    public void OwnJson() => _ownJson.Write(_context, _feature, Outcome(), 200, 0.8123, null);

    [Benchmark]
    public void LevelOff() => _disabled.Write(_context, _feature, Outcome(), 200, 0.8123, null);

    private static RequestOutcome Outcome() => new(null, ReasonCodes.Allowed, true, RequestOutcome.Allow);

    private Serilog.Core.Logger Logger(LogEventLevel minimum, LogEventLevel sinkLevel, ITextFormatter? formatter = null)
    {
        var sink = new BufferedConsoleSink(
            formatter ?? new MessageTemplateTextFormatter(BufferedConsoleSinkExtensions.DefaultOutputTemplate), Stream.Null, TimeSpan.FromMilliseconds(50), 100_000);
        var logger = new LoggerConfiguration().MinimumLevel.Is(minimum).WriteTo.Sink(sink, sinkLevel).CreateLogger();
        _loggers = [.. _loggers, logger];
        return logger;
    }
}
