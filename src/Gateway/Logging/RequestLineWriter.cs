using System.Buffers;
using System.Buffers.Text;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Serilog.Events;
using Serilog.Formatting.Compact;
using Serilog.Formatting.Display;

namespace Gateway.Logging;

/// <summary>
/// The request log written by the gateway itself (<c>Gateway:Observability:RequestLog:Output</c> Text or Json):
/// each request's entry is queued and, at the next flush of a <see cref="BufferedConsoleSink"/> on standard output,
/// formatted straight into UTF-8 on the sink's thread. The bytes are the ones Serilog writes for the request event with the default output template
/// (Text) or <c>RenderedCompactJsonFormatter</c> (Json), which the tests check, but no event is built: no property
/// dictionary, no values, no pipeline, no UTF-16 text to encode. In the load test the request log through Serilog
/// cost several CPU-us per request; in isolation the event alone takes about 0.8 us and 944 bytes
/// (RequestLogBenchmarks).
/// </summary>
/// <remarks>
/// The gateway runs with invariant globalization, so numbers and times render as Serilog renders them with no
/// format provider. A request that ended in an exception is logged through Serilog instead, with its exception.
/// </remarks>
internal sealed class RequestLineWriter : IDisposable
{
    // The request event's event id in the compact JSON (@i): a hash of the message template's text.
    private static readonly byte[] EventId = Encoding.ASCII.GetBytes(EventIdHash.Compute(RequestLog.Template.Text).ToString("x8", CultureInfo.InvariantCulture));
    private static readonly byte[] NewLine = Encoding.ASCII.GetBytes(Environment.NewLine);

    private static readonly SearchValues<char> JsonEscapes = SearchValues.Create(
        "\"\\\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\b\t\n\u000b\f\r\u000e\u000f\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001a\u001b\u001c\u001d\u001e\u001f");

    // Lines wait as entries, not text, and are formatted together on the sink's thread when it flushes (every 50 ms):
    // formatting each line on the request's thread cost about 5 % of the CPU of a proxied request in the load test
    // (deploy/loadtest/pair.sh, one reused token: median ratio 0.943 with the entry built but not formatted), far
    // more than the same work in a tight loop, where it runs with its code and data in the caches.
    //
    // An entry refers to no string the request allocated (its id, path, client address, token's client id and
    // subject): those are copied into a char buffer, and the entry keeps their ranges. Entries wait up to one
    // interval in arrays the GC holds in its older generations, and a young string an old array points to survives
    // every gen0 collection of that interval. With the strings themselves queued, each gen0 collection under load
    // (one reused token, GC events) kept about 400 KB, mostly request ids, and paused a median 1.3-1.5 ms; with them
    // copied, about 170 KB and 1.0 ms (plain YARP: 0.8 ms), at the same CPU per request (paired, 1.010). Every
    // request in flight waits out a pause. The strings an entry still refers to are the gateway's own: route ids,
    // authorizer names, decisions, reasons.
    private const int InitialCapacity = 1024;
    private const int QueueLimit = 100_000;

    // The copied text of waiting entries, in chars: at 20,000 requests a second about 100,000 per interval. Past the
    // limit (standard output stalled) entries are dropped and counted like entries past QueueLimit.
    private const int InitialTextCapacity = 128 * 1024;
    private const int TextLimit = 4 * 1024 * 1024;

    private readonly BufferedConsoleSink _output;
    private readonly bool _json;
    private readonly Lock _gate = new();
    private Entry[] _pending = new Entry[InitialCapacity];
    private int _pendingCount;
    private char[] _pendingText = new char[InitialTextCapacity];
    private int _pendingTextLength;

    // Only the sink's thread touches these (Drain).
    private Entry[] _draining = new Entry[InitialCapacity];
    private char[] _drainingText = new char[InitialTextCapacity];

    public RequestLineWriter(Stream output, bool json)
    {
        _json = json;

        // The formatter is the sink's for events; this writer hands it lines through Drain, on the sink's thread.
        _output = new BufferedConsoleSink(
            new MessageTemplateTextFormatter(Serilog.BufferedConsoleSinkExtensions.DefaultOutputTemplate), output, TimeSpan.FromMilliseconds(50), QueueLimit, Drain);
    }

    public void Write(in RequestLine request)
    {
        var timestamp = DateTimeOffset.Now;
        var textLength = Length(request.Method) + Length(request.Path) + Length(request.RequestId) + Length(request.SourceIp)
            + Length(request.ClientId) + Length(request.Subject);
        lock (_gate)
        {
            if (_pendingCount == _pending.Length || _pendingTextLength + textLength > _pendingText.Length)
            {
                if (_pendingCount == QueueLimit || _pendingTextLength + textLength > TextLimit)
                {
                    // Standard output is not keeping up: counted, and the count written as its own line.
                    _output.CountDropped();
                    return;
                }

                Grow(textLength);
            }

            _pending[_pendingCount++] = new Entry(
                request with { Method = string.Empty, Path = null, RequestId = string.Empty, SourceIp = null, ClientId = null, Subject = null },
                timestamp,
                Copy(request.Method),
                Copy(request.Path),
                Copy(request.RequestId),
                Copy(request.SourceIp),
                Copy(request.ClientId),
                Copy(request.Subject));
        }

        // Errors are written at once; everything else waits for the next interval.
        if (request.Level >= LogEventLevel.Error)
        {
            _output.Wake();
        }
    }

    public void Dispose() => _output.Dispose();

    private static int Length(string? value) => value?.Length ?? 0;

    // Under _gate.
    private void Grow(int textLength)
    {
        if (_pendingCount == _pending.Length)
        {
            Array.Resize(ref _pending, Math.Min(_pending.Length * 2, QueueLimit));
        }

        if (_pendingTextLength + textLength > _pendingText.Length)
        {
            Array.Resize(ref _pendingText, Math.Min(Math.Max(_pendingText.Length * 2, _pendingTextLength + textLength), TextLimit));
        }
    }

    // Under _gate, with room made.
    private Text Copy(string? value)
    {
        if (value is null)
        {
            return Text.Null;
        }

        value.CopyTo(_pendingText.AsSpan(_pendingTextLength));
        var text = new Text(_pendingTextLength, value.Length);
        _pendingTextLength += value.Length;
        return text;
    }

    /// <summary>Formats every waiting line into the sink's buffer, in the order they were written.</summary>
    private void Drain(ArrayBufferWriter<byte> output)
    {
        int count;
        lock (_gate)
        {
            (_pending, _draining) = (_draining, _pending);
            (_pendingText, _drainingText) = (_drainingText, _pendingText);
            count = _pendingCount;
            _pendingCount = 0;
            _pendingTextLength = 0;
        }

        for (var i = 0; i < count; i++)
        {
            ref readonly var entry = ref _draining[i];
            if (_json)
            {
                WriteJson(output, entry, _drainingText);
            }
            else
            {
                WriteText(output, entry, _drainingText);
            }
        }

        // Emptied, though the entries refer only to the gateway's own strings: left as they were, each gen0 collection
        // under load kept about 670 KB instead of 160 KB, and paused 1.9 ms instead of 1.0 (gc trace, one reused token).
        Array.Clear(_draining, 0, count);
    }

    // [{Timestamp:HH:mm:ss} {Level:u3}] {Message:lj}{NewLine}.
    private static void WriteText(ArrayBufferWriter<byte> line, in Entry entry, ReadOnlySpan<char> text)
    {
        line.Write("["u8);
        TimeOfDay(line, entry.Timestamp);
        line.Write(" "u8);
        line.Write(LevelCode(entry.Line.Level));
        line.Write("] "u8);
        Message(line, entry, text, inJson: false);
        line.Write(NewLine);
    }

    // RenderedCompactJsonFormatter: @t (UTC, round-trip), @m (the message, string values quoted), @i, @l unless
    // Information, @tr/@sp when there is a trace, then the properties in the event's order and SourceContext.
    private static void WriteJson(ArrayBufferWriter<byte> line, in Entry entry, ReadOnlySpan<char> text)
    {
        ref readonly var request = ref entry.Line;
        line.Write("{\"@t\":\""u8);
        Utf8Formatter.TryFormat(entry.Timestamp.UtcDateTime, line.GetSpan(32), out var written, new StandardFormat('O'));
        line.Advance(written);
        line.Write("\",\"@m\":\""u8);
        Message(line, entry, text, inJson: true);
        line.Write("\",\"@i\":\""u8);
        line.Write(EventId);
        line.Write("\""u8);
        if (request.Level != LogEventLevel.Information)
        {
            line.Write(",\"@l\":\""u8);
            line.Write(LevelName(request.Level));
            line.Write("\""u8);
        }

        if (request.TraceId != default)
        {
            line.Write(",\"@tr\":\""u8);
            Span<byte> id = stackalloc byte[16];
            Span<char> hex = stackalloc char[32];
            request.TraceId.CopyTo(id);
            Convert.TryToHexStringLower(id, hex, out _);
            Ascii(line, hex);
            line.Write("\",\"@sp\":\""u8);
            request.SpanId.CopyTo(id[..8]);
            Convert.TryToHexStringLower(id[..8], hex, out _);
            Ascii(line, hex[..16]);
            line.Write("\""u8);
        }

        JsonProperty(line, ",\"RequestMethod\":"u8, entry.Method, text);
        JsonProperty(line, ",\"RequestPath\":"u8, entry.Path, text);
        line.Write(",\"StatusCode\":"u8);
        Formatted(line, request.StatusCode, default);
        line.Write(",\"Elapsed\":"u8);
        Formatted(line, request.ElapsedMs, "R");
        JsonProperty(line, ",\"RequestId\":"u8, entry.RequestId, text);
        JsonProperty(line, ",\"SourceIp\":"u8, entry.SourceIp, text);
        JsonProperty(line, ",\"RouteId\":"u8, request.RouteId);
        JsonProperty(line, ",\"Authorizer\":"u8, request.Authorizer);
        JsonProperty(line, ",\"Decision\":"u8, request.Decision);
        JsonProperty(line, ",\"Reason\":"u8, request.Reason);
        JsonProperty(line, ",\"ClientId\":"u8, entry.ClientId, text);
        JsonProperty(line, ",\"Sub\":"u8, entry.Subject, text);
        line.Write(",\"UpstreamStatus\":"u8);
        if (request.UpstreamStatus is { } upstreamStatus)
        {
            Formatted(line, upstreamStatus, default);
        }
        else
        {
            line.Write("null"u8);
        }

        JsonProperty(line, ",\"UpstreamError\":"u8, request.UpstreamError);
        JsonProperty(line, ",\"SourceContext\":"u8, RequestLog.SourceContext);
        line.Write("}"u8);
        line.Write(NewLine);
    }

    // The rendered message template, "HTTP {RequestMethod} {RequestPath} responded {StatusCode} in {Elapsed:F4} ms:
    // {Decision} ({Reason})". The text line has it with the l format (strings as they are); the JSON @m has Serilog's
    // default rendering (strings quoted), JSON-escaped.
    private static void Message(ArrayBufferWriter<byte> line, in Entry entry, ReadOnlySpan<char> text, bool inJson)
    {
        ref readonly var request = ref entry.Line;
        line.Write("HTTP "u8);
        Value(line, !entry.Method.IsNull, entry.Method.Of(text), inJson);
        line.Write(" "u8);
        Value(line, !entry.Path.IsNull, entry.Path.Of(text), inJson);
        line.Write(" responded "u8);
        Formatted(line, request.StatusCode, default);
        line.Write(" in "u8);
        Formatted(line, request.ElapsedMs, "F4");
        line.Write(" ms: "u8);
        Value(line, true, request.Decision, inJson);
        line.Write(" ("u8);
        Value(line, true, request.Reason, inJson);
        line.Write(")"u8);

        static void Value(ArrayBufferWriter<byte> line, bool present, ReadOnlySpan<char> value, bool inJson)
        {
            if (!present)
            {
                line.Write("null"u8);
            }
            else if (inJson)
            {
                QuotedInMessage(line, value);
            }
            else
            {
                Utf8(line, value);
            }
        }
    }

    // Serilog's u3 level format.
    private static ReadOnlySpan<byte> LevelCode(LogEventLevel level) => level switch
    {
        LogEventLevel.Verbose => "VRB"u8,
        LogEventLevel.Debug => "DBG"u8,
        LogEventLevel.Information => "INF"u8,
        LogEventLevel.Warning => "WRN"u8,
        LogEventLevel.Error => "ERR"u8,
        _ => "FTL"u8,
    };

    private static ReadOnlySpan<byte> LevelName(LogEventLevel level) => level switch
    {
        LogEventLevel.Verbose => "Verbose"u8,
        LogEventLevel.Debug => "Debug"u8,
        LogEventLevel.Information => "Information"u8,
        LogEventLevel.Warning => "Warning"u8,
        LogEventLevel.Error => "Error"u8,
        _ => "Fatal"u8,
    };

    /// <param name="name">The separator and the quoted name: <c>,"Name":</c>.</param>
    private static void JsonProperty(ArrayBufferWriter<byte> line, ReadOnlySpan<byte> name, string? value) =>
        JsonProperty(line, name, value is not null, value);

    private static void JsonProperty(ArrayBufferWriter<byte> line, ReadOnlySpan<byte> name, Text value, ReadOnlySpan<char> text) =>
        JsonProperty(line, name, !value.IsNull, value.Of(text));

    private static void JsonProperty(ArrayBufferWriter<byte> line, ReadOnlySpan<byte> name, bool present, ReadOnlySpan<char> value)
    {
        line.Write(name);
        if (!present)
        {
            line.Write("null"u8);
            return;
        }

        line.Write("\""u8);
        JsonEscaped(line, value);
        line.Write("\""u8);
    }

    // A string value inside the rendered message: Serilog quotes it and escapes its quotes with a backslash; the
    // message is then a JSON string, so that text is JSON-escaped in turn.
    private static void QuotedInMessage(ArrayBufferWriter<byte> line, ReadOnlySpan<char> value)
    {
        line.Write("\\\""u8);
        for (var i = value.IndexOf('"'); i >= 0; i = value.IndexOf('"'))
        {
            JsonEscaped(line, value[..i]);
            line.Write("\\\\\\\""u8);
            value = value[(i + 1)..];
        }

        JsonEscaped(line, value);
        line.Write("\\\""u8);
    }

    // Serilog's JsonValueFormatter escapes quotes, backslashes and control characters only; the rest is written as is.
    private static void JsonEscaped(ArrayBufferWriter<byte> line, ReadOnlySpan<char> value)
    {
        for (var i = value.IndexOfAny(JsonEscapes); i >= 0; i = value.IndexOfAny(JsonEscapes))
        {
            Utf8(line, value[..i]);
            var c = value[i];
            value = value[(i + 1)..];
            switch (c)
            {
                case '"':
                    line.Write("\\\""u8);
                    break;
                case '\\':
                    line.Write("\\\\"u8);
                    break;
                case '\n':
                    line.Write("\\n"u8);
                    break;
                case '\r':
                    line.Write("\\r"u8);
                    break;
                case '\t':
                    line.Write("\\t"u8);
                    break;
                case '\f':
                    line.Write("\\f"u8);
                    break;
                case '\b':
                    line.Write("\\b"u8);
                    break;
                default:
                    line.Write("\\u"u8);
                    Formatted(line, (int)c, "X4");
                    break;
            }
        }

        Utf8(line, value);
    }

    private static void Ascii(ArrayBufferWriter<byte> line, ReadOnlySpan<char> text)
    {
        var span = line.GetSpan(text.Length);
        var written = Encoding.ASCII.GetBytes(text, span);
        line.Advance(written);
    }

    // Invalid UTF-16 (a lone surrogate) becomes U+FFFD, as the sinks' encoders write it.
    private static void Utf8(ArrayBufferWriter<byte> line, ReadOnlySpan<char> text) =>
        line.Advance(Encoding.UTF8.GetBytes(text, line.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length))));

    // HH:mm:ss: the time separator of the invariant culture is ':'.
    private static void TimeOfDay(ArrayBufferWriter<byte> line, DateTimeOffset timestamp)
    {
        var span = line.GetSpan(8);
        TwoDigits(span, timestamp.Hour);
        span[2] = (byte)':';
        TwoDigits(span[3..], timestamp.Minute);
        span[5] = (byte)':';
        TwoDigits(span[6..], timestamp.Second);
        line.Advance(8);

        static void TwoDigits(Span<byte> span, int value)
        {
            span[0] = (byte)('0' + (value / 10));
            span[1] = (byte)('0' + (value % 10));
        }
    }

    private static void Formatted<T>(ArrayBufferWriter<byte> line, T value, ReadOnlySpan<char> format)
        where T : IUtf8SpanFormattable
    {
        int written;
        var size = 32;
        while (!value.TryFormat(line.GetSpan(size), out written, format, CultureInfo.InvariantCulture))
        {
            size *= 2;
        }

        line.Advance(written);
    }

    /// <summary>A waiting line: the request's own strings are <see cref="Text"/> ranges, their fields in <c>Line</c> emptied.</summary>
    /// <remarks>Fields, not properties, so the formatter reads the line in place.</remarks>
    private readonly struct Entry(
        in RequestLine line, DateTimeOffset timestamp, Text method, Text path, Text requestId, Text sourceIp, Text clientId, Text subject)
    {
        public readonly RequestLine Line = line;
        public readonly DateTimeOffset Timestamp = timestamp;
        public readonly Text Method = method;
        public readonly Text Path = path;
        public readonly Text RequestId = requestId;
        public readonly Text SourceIp = sourceIp;
        public readonly Text ClientId = clientId;
        public readonly Text Subject = subject;
    }

    /// <summary>A copied string: its range in the writer's char buffer, or null (<see cref="IsNull"/>).</summary>
    private readonly record struct Text(int Start, int Length)
    {
        public static readonly Text Null = new(0, -1);

        public bool IsNull => Length < 0;

        public ReadOnlySpan<char> Of(ReadOnlySpan<char> text) => IsNull ? default : text.Slice(Start, Length);
    }
}
