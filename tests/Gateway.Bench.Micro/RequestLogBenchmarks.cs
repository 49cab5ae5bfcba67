using BenchmarkDotNet.Attributes;
using Gateway.Authentication;
using Gateway.Configuration;
using Gateway.Logging;
using Gateway.Observability;
using Microsoft.AspNetCore.Http;
using Serilog;
using Serilog.Events;
using Serilog.Formatting.Display;

namespace Gateway.Bench.Micro;

/// <summary>
/// One request's log event (src/Gateway/Logging/RequestLog.cs): built and formatted by the committed sink
/// (BufferedConsole, default template, to a null stream), built but stopped by the sink's level, and not built.
/// </summary>
[MemoryDiagnoser]
public class RequestLogBenchmarks
{
    private RequestLog _formatted = null!;
    private RequestLog _restricted = null!;
    private RequestLog _disabled = null!;
    private DefaultHttpContext _context = null!;
    private GatewayRequestFeature _feature = null!;
    private Serilog.Core.Logger[] _loggers = [];

    [GlobalSetup]
    public void Setup()
    {
        var options = new GatewayOptions();
        _formatted = new RequestLog(Logger(LogEventLevel.Information, LogEventLevel.Verbose), options);
        _restricted = new RequestLog(Logger(LogEventLevel.Information, LogEventLevel.Warning), options);
        _disabled = new RequestLog(Logger(LogEventLevel.Warning, LogEventLevel.Verbose), options);
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
    }

    [Benchmark(Baseline = true)]
    public void Formatted() => _formatted.Write(_context, _feature, Outcome(), 200, 0.8123, null);

    [Benchmark]
    public void BuiltNotFormatted() => _restricted.Write(_context, _feature, Outcome(), 200, 0.8123, null);

    [Benchmark]
    public void LevelOff() => _disabled.Write(_context, _feature, Outcome(), 200, 0.8123, null);

    private static RequestOutcome Outcome() => new(null, ReasonCodes.Allowed, true, RequestOutcome.Allow);

    private Serilog.Core.Logger Logger(LogEventLevel minimum, LogEventLevel sinkLevel)
    {
        var sink = new BufferedConsoleSink(
            new MessageTemplateTextFormatter(BufferedConsoleSinkExtensions.DefaultOutputTemplate), Stream.Null, TimeSpan.FromMilliseconds(50), 100_000);
        var logger = new LoggerConfiguration().MinimumLevel.Is(minimum).WriteTo.Sink(sink, sinkLevel).CreateLogger();
        _loggers = [.. _loggers, logger];
        return logger;
    }
}
