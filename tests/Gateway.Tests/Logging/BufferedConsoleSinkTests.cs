using Gateway.Logging;
using Microsoft.Extensions.Configuration;
using Serilog;
using Serilog.Debugging;
using Serilog.Events;
using Serilog.Formatting.Display;
using Serilog.Parsing;

namespace Gateway.Tests.Logging;

/// <summary>
/// The batched standard-output sink of the committed configuration: every event written, in order, whole
/// lines only; errors at once; the rest at the interval or at disposal; overflow counted, never silent.
/// </summary>
public sealed class BufferedConsoleSinkTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Never = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Events_WrittenInOrder_AsLines_WithinTheInterval()
    {
        var output = new CapturingStream();
        using var sink = Sink(output, TimeSpan.FromMilliseconds(20));

        for (var i = 0; i < 500; i++)
        {
            sink.Emit(Event(LogEventLevel.Information, $"event {i}"));
        }

        await output.WaitForAsync(text => text.Contains("event 499"), Wait);
        var lines = output.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(Enumerable.Range(0, 500).Select(i => $"[INF] event {i}"), lines);
    }

    [Fact]
    public async Task Error_WrittenAtOnce_WithTheEventsBeforeIt()
    {
        var output = new CapturingStream();
        using var sink = Sink(output, Never);

        sink.Emit(Event(LogEventLevel.Information, "before"));
        sink.Emit(Event(LogEventLevel.Error, "failure"));

        // The interval is a minute: only the error's wake-up can have written these.
        await output.WaitForAsync(text => text.Contains("failure"), Wait);
        Assert.Equal("[INF] before\n[ERR] failure\n", output.Text);
    }

    [Fact]
    public void Dispose_WritesWhatIsWaiting()
    {
        var output = new CapturingStream();
        var sink = Sink(output, Never);
        sink.Emit(Event(LogEventLevel.Information, "last words"));
        Assert.Equal("", output.Text);

        sink.Dispose();

        Assert.Equal("[INF] last words\n", output.Text);
    }

    [Fact]
    public void LargeBatches_AreWrittenAtEventBoundaries()
    {
        var output = new CapturingStream();
        var sink = Sink(output, Never);
        var filler = new string('x', 1000);
        for (var i = 0; i < 300; i++)
        {
            sink.Emit(Event(LogEventLevel.Information, $"{i} {filler}"));
        }

        sink.Dispose();

        // About 300 KB: several writes, each ending with a whole line, so another writer's line never lands
        // inside one of ours.
        Assert.True(output.Writes.Count > 1);
        Assert.All(output.Writes, write => Assert.EndsWith("\n", write));
        Assert.Equal(300, output.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public void NonAscii_WrittenAsUtf8_AcrossTheFormattingBufferBoundaries()
    {
        var output = new CapturingStream();
        var sink = Sink(output, Never);

        // A surrogate pair and a two-byte character at every offset around the end of the formatting buffer's
        // first 512 characters, where the text is encoded in two chunks. Each event from a new thread, whose
        // buffer has not grown yet, so one of them splits the pair between the chunks.
        var expected = new System.Text.StringBuilder();
        for (var padding = 495; padding < 520; padding++)
        {
            var message = new string('x', padding) + "\U0001F600é";
            var emitter = new Thread(() => sink.Emit(Event(LogEventLevel.Information, message)));
            emitter.Start();
            emitter.Join();
            expected.Append("[INF] ").Append(message).Append('\n');
        }

        sink.Dispose();

        Assert.Equal(expected.ToString(), output.Text);
    }

    [Fact]
    public async Task QueueFull_EventsDroppedAndCounted()
    {
        var output = new CapturingStream(blocked: true);
        var sink = Sink(output, TimeSpan.FromMilliseconds(1), queueLimit: 10);

        // The writer takes the first event and blocks on the stalled output; ten more fill the queue.
        sink.Emit(Event(LogEventLevel.Information, "first"));
        await output.WriterBlocked.Task.WaitAsync(Wait);
        for (var i = 0; i < 25; i++)
        {
            sink.Emit(Event(LogEventLevel.Information, $"queued {i}"));
        }

        output.Release();
        sink.Dispose();

        var text = output.Text;
        Assert.Contains("[INF] first", text);
        Assert.Contains("[INF] queued 9\n", text);
        Assert.DoesNotContain("queued 10", text);
        Assert.Contains("15 log event(s) dropped", text);
    }

    [Theory]
    [InlineData("appsettings.json")]
    [InlineData("deploy/appsettings.production.json")]
    [InlineData("deploy/compose/appsettings.json")]
    [InlineData("deploy/kubernetes/edge/appsettings.json")]
    [InlineData("deploy/kubernetes/sidecar/appsettings.json")]
    public void CommittedConfiguration_BuildsTheSink(string file)
    {
        // The committed configurations name the sink this way; a typo there would otherwise only show as a
        // gateway that logs nothing.
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(EndToEnd.GatewayProcess.RepositoryRoot(), file))
            .Build();
        var sinks = configuration.GetSection("Serilog:WriteTo").GetChildren().Select(s => s["Name"]).ToList();
        Assert.Contains("BufferedConsole", sinks);
        Assert.Contains("Gateway", configuration.GetSection("Serilog:Using").Get<string[]>() ?? []);

        // Serilog reports a sink it cannot find only through its self-log (and then logs nowhere).
        var selfLog = new StringWriter();
        SelfLog.Enable(TextWriter.Synchronized(selfLog));
        try
        {
            using var logger = new LoggerConfiguration().ReadFrom.Configuration(configuration).CreateLogger();
        }
        finally
        {
            SelfLog.Disable();
        }

        Assert.DoesNotContain("BufferedConsole", selfLog.ToString());
    }

    private static BufferedConsoleSink Sink(CapturingStream output, TimeSpan interval, int queueLimit = 100_000) =>
        new(new MessageTemplateTextFormatter("[{Level:u3}] {Message:lj}\n"), output, interval, queueLimit);

    private static LogEvent Event(LogEventLevel level, string text) =>
        new(DateTimeOffset.UtcNow, level, null, new MessageTemplate([new TextToken(text)]), []);
}
