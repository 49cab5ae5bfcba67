using System.Buffers;
using System.Text;
using Serilog.Core;
using Serilog.Debugging;
using Serilog.Events;
using Serilog.Formatting;

namespace Gateway.Logging;

/// <summary>
/// Writes log events to standard output in batches. Serilog's console sink formats and flushes each event
/// with its own write system call, and behind the async sink each event also wakes a thread: with one event
/// per request that was the gateway's largest cost (about 28 CPU-us of 93 per proxied request under load).
/// Here the emitting thread formats the event into a buffer of UTF-8 text and returns; a background thread
/// wakes every <c>flushInterval</c> (or at once for an error) and writes what has accumulated with a few large
/// writes, each ending at a line boundary so lines never interleave with other writers. The number of events
/// waiting is bounded: past <c>queueLimit</c> events are dropped and counted, and the count is written as its
/// own line, never silently.
/// </summary>
/// <remarks>
/// Events are formatted when emitted rather than queued as objects: a queued event (its property dictionary
/// and values) lived up to one interval, long enough to survive a gen0 collection, and under load every
/// collection became a gen1 collection (load test, one reused token: 5.3 gen1 collections a second, GC pause
/// time 1.6 % vs 0.95 % with the request log off). Text in a reused byte buffer is invisible to the GC. Measured
/// against the queueing version in one run: the same CPU per request within noise, 8 MB less resident memory.
/// </remarks>
internal sealed class BufferedConsoleSink : ILogEventSink, IDisposable
{
    private const int WriteThreshold = 64 * 1024;

    // Each write system call at most PIPE_BUF bytes of whole lines: a pipe (a container's standard output) takes a
    // write that small in one piece, so lines of two writers in one process (this sink and the request log's own,
    // or two hosts) never interleave. About 500 writes a second at 20,000 requests a second.
    private const int AtomicWrite = 4096;

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    // One per thread, reused: formatting allocates nothing of its own beyond what the formatter does.
    [ThreadStatic]
    private static StringWriter? t_text;

    private readonly ITextFormatter _formatter;
    private readonly Stream _output;
    private readonly TimeSpan _flushInterval;
    private readonly int _queueLimit;
    private readonly AutoResetEvent _wake = new(false);
    private readonly Encoder _encoder = Utf8.GetEncoder();
    private readonly Lock _gate = new();
    private readonly Thread _thread;
    private readonly Action<ArrayBufferWriter<byte>>? _drain;

    // Filled by emitting threads under _gate; the writer thread swaps it for _writing, which only it touches.
    private ArrayBufferWriter<byte> _pending = new(2 * WriteThreshold);
    private ArrayBufferWriter<byte> _writing = new(2 * WriteThreshold);
    private int _pendingEvents;
    private long _dropped;
    private volatile bool _stopping;

    /// <param name="drain">
    /// Called on the writer thread at each flush to append whole lines of UTF-8 to what is written: how the request
    /// log (<see cref="RequestLineWriter"/>) formats its lines off the request path.
    /// </param>
    public BufferedConsoleSink(ITextFormatter formatter, Stream output, TimeSpan flushInterval, int queueLimit, Action<ArrayBufferWriter<byte>>? drain = null)
    {
        _formatter = formatter;
        _drain = drain;
        _output = output;
        _flushInterval = flushInterval;
        _queueLimit = queueLimit;
        _thread = new Thread(Run) { IsBackground = true, Name = "Gateway log writer" };
        _thread.Start();
    }

    public void Emit(LogEvent logEvent)
    {
        var text = t_text ??= new StringWriter(new StringBuilder(512), System.Globalization.CultureInfo.InvariantCulture);
        var builder = text.GetStringBuilder();
        builder.Clear();
        _formatter.Format(logEvent, text);

        lock (_gate)
        {
            if (_pendingEvents >= _queueLimit)
            {
                _dropped++;
                return;
            }

            _pendingEvents++;
            Append(_pending, builder);
        }

        // A one-off huge event (an exception with a long stack) should not pin its buffer to the thread.
        if (builder.Capacity > WriteThreshold)
        {
            t_text = null;
        }

        // Errors are written at once; everything else waits for the next interval.
        if (logEvent.Level >= LogEventLevel.Error)
        {
            _wake.Set();
        }
    }

    /// <summary>Writes what has accumulated now rather than at the next interval.</summary>
    public void Wake() => _wake.Set();

    /// <summary>An entry of a <c>drain</c> source that did not fit its queue: reported with the sink's own drops.</summary>
    public void CountDropped()
    {
        lock (_gate)
        {
            _dropped++;
        }
    }

    public void Dispose()
    {
        if (_stopping)
        {
            return;
        }

        _stopping = true;
        _wake.Set();

        // The last events (shutdown messages) are written by the thread's final pass.
        _thread.Join(TimeSpan.FromSeconds(5));
        _wake.Dispose();
    }

    // One pass per chunk straight into the buffer (its span is sized for the worst case, then advanced by what
    // was written); the encoder carries a surrogate pair split between chunks, and the final flush completes it
    // (invalid text becomes U+FFFD, as StreamWriter writes it).
    private void Append(ArrayBufferWriter<byte> buffer, StringBuilder text)
    {
        foreach (var chunk in text.GetChunks())
        {
            buffer.Advance(_encoder.GetBytes(chunk.Span, buffer.GetSpan(Utf8.GetMaxByteCount(chunk.Length)), flush: false));
        }

        buffer.Advance(_encoder.GetBytes(ReadOnlySpan<char>.Empty, buffer.GetSpan(Utf8.GetMaxByteCount(0)), flush: true));
    }

    private void Run()
    {
        while (true)
        {
            _wake.WaitOne(_flushInterval);
            var stopping = _stopping;
            try
            {
                Flush();
            }
            catch (Exception ex)
            {
                // Standard output gone (closed pipe): nothing else can be done with the events.
                SelfLog.WriteLine("Gateway log writer failed: {0}", ex);
            }

            if (stopping)
            {
                return;
            }
        }
    }

    private void Flush()
    {
        long dropped;
        lock (_gate)
        {
            (_pending, _writing) = (_writing, _pending);
            _pendingEvents = 0;
            dropped = _dropped;
            _dropped = 0;
        }

        if (dropped > 0)
        {
            var line = Utf8.GetBytes(
                $"[{DateTimeOffset.Now:HH:mm:ss} WRN] {dropped} log event(s) dropped: standard output did not keep up (queue limit {_queueLimit}).{Environment.NewLine}");
            _writing.Write(line);
        }

        try
        {
            _drain?.Invoke(_writing);
            Write(_writing.WrittenSpan);
        }
        finally
        {
            // Not Clear(): that zeroes what was written, and every byte is overwritten before it is read again.
            _writing.ResetWrittenCount();
        }
    }

    // Writes of up to AtomicWrite bytes, each ending with a whole line (a byte 0x0A is never part of a longer UTF-8
    // sequence); a single longer line is written on its own.
    private void Write(ReadOnlySpan<byte> text)
    {
        if (text.IsEmpty)
        {
            return;
        }

        while (text.Length > AtomicWrite)
        {
            var end = text[..AtomicWrite].LastIndexOf((byte)'\n') + 1;
            if (end == 0)
            {
                end = text.IndexOf((byte)'\n') + 1;
                end = end == 0 ? text.Length : end;
            }

            _output.Write(text[..end]);
            text = text[end..];
        }

        _output.Write(text);
        _output.Flush();
    }
}
