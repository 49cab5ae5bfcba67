using Gateway.Logging;
using Serilog.Configuration;
using Serilog.Events;
using Serilog.Formatting;
using Serilog.Formatting.Display;

// Serilog's own namespace, as sink packages do, so that code finds WriteTo.BufferedConsole without a using.
namespace Serilog;

/// <summary>
/// <c>WriteTo.BufferedConsole</c>: standard output written in batches (see the README, Logging). From
/// configuration: <c>"Using": [ "Gateway" ], "WriteTo": [ { "Name": "BufferedConsole" } ]</c>.
/// </summary>
public static class BufferedConsoleSinkExtensions
{
    /// <summary>Serilog's console default, so switching sinks does not change what a line looks like.</summary>
    public const string DefaultOutputTemplate = "[{Timestamp:HH:mm:ss} {Level:u3}] {Message:lj}{NewLine}{Exception}";

    /// <param name="sinkConfiguration">Serilog's sink configuration.</param>
    /// <param name="outputTemplate">A Serilog output template, used when no <paramref name="formatter"/> is given.</param>
    /// <param name="formatter">A formatter such as <c>Serilog.Formatting.Compact.RenderedCompactJsonFormatter</c> (one JSON object per line).</param>
    /// <param name="flushIntervalMilliseconds">How long an event may wait before it is written (errors are written at once); 1-10000.</param>
    /// <param name="queueLimit">Events waiting beyond this many are dropped and counted; at least 1,000.</param>
    /// <param name="restrictedToMinimumLevel">The minimum level of events this sink writes.</param>
    public static LoggerConfiguration BufferedConsole(
        this LoggerSinkConfiguration sinkConfiguration,
        string outputTemplate = DefaultOutputTemplate,
        ITextFormatter? formatter = null,
        int flushIntervalMilliseconds = 50,
        int queueLimit = 100_000,
        LogEventLevel restrictedToMinimumLevel = LevelAlias.Minimum)
    {
        ArgumentNullException.ThrowIfNull(sinkConfiguration);
        ArgumentOutOfRangeException.ThrowIfLessThan(flushIntervalMilliseconds, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(flushIntervalMilliseconds, 10_000);
        ArgumentOutOfRangeException.ThrowIfLessThan(queueLimit, 1_000);
        var sink = new BufferedConsoleSink(
            formatter ?? new MessageTemplateTextFormatter(outputTemplate),
            Console.OpenStandardOutput(),
            TimeSpan.FromMilliseconds(flushIntervalMilliseconds),
            queueLimit);
        return sinkConfiguration.Sink(sink, restrictedToMinimumLevel);
    }
}
