using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using Gateway.Authentication;
using Gateway.Configuration;
using Gateway.Logging;
using Gateway.Observability;
using Gateway.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Serilog;
using Serilog.Formatting;
using Serilog.Formatting.Compact;
using Serilog.Formatting.Display;
using Yarp.ReverseProxy.Forwarder;

namespace Gateway.Tests.Logging;

/// <summary>
/// <c>Gateway:Observability:RequestLog:Output</c> Text and Json: the gateway writes the request log itself, and
/// each line is byte for byte what Serilog writes for the request event with the default output template or
/// RenderedCompactJsonFormatter (timestamps aside: the two are written at different instants).
/// </summary>
public sealed partial class RequestLineWriterTests : IClassFixture<GatewayScenario>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private readonly GatewayScenario _scenario;

    public RequestLineWriterTests(GatewayScenario scenario)
    {
        _scenario = scenario;
    }

    public static TheoryData<string> Cases => ["allowed", "upstream-error", "probe", "odd-path", "traced"];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Text_SameBytesAsSerilogDefaultTemplate(string name)
    {
        var (serilog, own) = Both(name, json: false, new MessageTemplateTextFormatter(BufferedConsoleSinkExtensions.DefaultOutputTemplate));

        Assert.Single(own.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(TextTime().Replace(serilog, "[T"), TextTime().Replace(own, "[T"));
        Assert.Matches(@"^\[\d\d:\d\d:\d\d (INF|ERR|VRB)\] HTTP ", own);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Json_SameBytesAsRenderedCompactJsonFormatter(string name)
    {
        var (serilog, own) = Both(name, json: true, new RenderedCompactJsonFormatter());

        Assert.Single(own.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(JsonTime().Replace(serilog, "\"@t\":\"T\""), JsonTime().Replace(own, "\"@t\":\"T\""));
        Assert.NotNull(System.Text.Json.JsonDocument.Parse(own));
    }

    [Fact]
    public async Task TextOutput_EndToEnd_NothingThroughSerilog()
    {
        var output = new CapturingStream();
        using var lines = new RequestLineWriter(output, json: false);
        await using var gateway = await StartAsync("Text", lines);

        Assert.Equal(HttpStatusCode.OK, (await gateway.GetAsync("/orders/1", "Bearer " + _scenario.AccessToken())).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await gateway.GetAsync("/orders/2")).StatusCode);

        await output.WaitForAsync(text => text.Contains("HTTP GET /orders/2 responded 401", StringComparison.Ordinal), Timeout);
        Assert.Matches(@"INF\] HTTP GET /orders/1 responded 200 in \d+\.\d{4} ms: allow \(allowed\)\n", output.Text);
        Assert.Contains("ms: deny (missing_token)\n", output.Text);
        Assert.DoesNotContain(gateway.Log.Events, e => e.Properties.ContainsKey("Decision"));
    }

    [Fact]
    public async Task QueuedLines_FromManyThreads_AllWrittenWholeAndInOrderPerThread()
    {
        // Lines wait as entries and are formatted on the sink's thread: none may be lost, torn or reordered.
        var output = new CapturingStream();
        using (var lines = new RequestLineWriter(output, json: false))
        {
            await Task.WhenAll(Enumerable.Range(0, 4).Select(thread => Task.Run(() =>
            {
                for (var i = 0; i < 5_000; i++)
                {
                    lines.Write(new RequestLine(
                        Serilog.Events.LogEventLevel.Information, "GET", $"/t{thread}/{i}", 200, 1.5, "id", "127.0.0.1", "route", "main",
                        "allow", "allowed", null, null, 200, null, default, default));
                }
            })));
        }

        var written = output.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(20_000, written.Length);
        Assert.All(written, line => Assert.Matches(@"^\[\d\d:\d\d:\d\d INF\] HTTP GET /t\d/\d+ responded 200 in 1\.5000 ms: allow \(allowed\)$", line));
        for (var thread = 0; thread < 4; thread++)
        {
            var prefix = $"GET /t{thread}/";
            var order = written.Where(l => l.Contains(prefix, StringComparison.Ordinal))
                .Select(l => int.Parse(l[(l.IndexOf(prefix, StringComparison.Ordinal) + prefix.Length)..l.IndexOf(' ', l.IndexOf(prefix, StringComparison.Ordinal) + prefix.Length)], System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(Enumerable.Range(0, 5_000), order);
        }
    }

    [Fact]
    public async Task WaitingLine_KeepsNoStringOfTheRequestAlive()
    {
        // A waiting line must not hold the request's strings: the GC would keep (and copy) every one of them at each
        // collection until the next flush, which lengthened every pause under load.
        var output = new CapturingStream(blocked: true);
        using var lines = new RequestLineWriter(output, json: true);

        // The sink's thread takes a first line and blocks on the stalled output, so the next line waits for certain.
        lines.Write(Line("first", "first-id", null, null, null));
        await output.WriterBlocked.Task.WaitAsync(Timeout);
        var strings = WriteFreshLine(lines);

        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        Assert.All(strings, reference => Assert.False(reference.IsAlive));

        // The line still has the text: it was copied.
        output.Release();
        lines.Dispose();
        var written = output.Text.Split('\n').Single(l => l.Contains("/orders/", StringComparison.Ordinal));
        using var json = System.Text.Json.JsonDocument.Parse(written);
        Assert.Equal("PATCH", json.RootElement.GetProperty("RequestMethod").GetString());
        Assert.Equal("/orders/42", json.RootElement.GetProperty("RequestPath").GetString());
        Assert.Equal("id-42", json.RootElement.GetProperty("RequestId").GetString());
        Assert.Equal("198.51.100.42", json.RootElement.GetProperty("SourceIp").GetString());
        Assert.Equal("client-42", json.RootElement.GetProperty("ClientId").GetString());
        Assert.Equal("subject-42", json.RootElement.GetProperty("Sub").GetString());
        Assert.Contains("\"@m\":\"HTTP \\\"PATCH\\\" \\\"/orders/42\\\" responded 200", written);
    }

    [Fact]
    public async Task WaitingText_PastItsLimit_DroppedAndCounted()
    {
        // Copied text is bounded like the number of entries: 600 lines with 8,000-char paths are 4.8 M chars, past
        // the 4 M chars that may wait while standard output is stalled.
        var output = new CapturingStream(blocked: true);
        using var lines = new RequestLineWriter(output, json: false);
        lines.Write(Line("/first", "first-id", null, null, null));
        await output.WriterBlocked.Task.WaitAsync(Timeout);
        var path = "/" + new string('p', 7_999);
        for (var i = 0; i < 600; i++)
        {
            lines.Write(Line(path, $"id-{i}", null, null, null));
        }

        output.Release();
        lines.Dispose();
        var written = output.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var kept = written.Count(l => l.Contains(path, StringComparison.Ordinal));
        Assert.InRange(kept, 500, 524);
        Assert.Contains(written, l => l.Contains($"{600 - kept} log event(s) dropped", StringComparison.Ordinal));
    }

    // Strings made here and referenced only by the line: weak references to them say whether the writer kept them.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static WeakReference[] WriteFreshLine(RequestLineWriter lines)
    {
        string[] fresh = [.. new[] { "PATCH", "/orders/42", "id-42", "198.51.100.42", "client-42", "subject-42" }.Select(text => new string(text.AsSpan()))];
        var line = Line(fresh[1], fresh[2], fresh[3], fresh[4], fresh[5]) with { Method = fresh[0] };
        lines.Write(line);
        return [.. fresh.Select(value => new WeakReference(value))];
    }

    private static RequestLine Line(string path, string requestId, string? sourceIp, string? clientId, string? subject) => new(
        Serilog.Events.LogEventLevel.Information, "GET", path, 200, 1.5, requestId, sourceIp, "route", "main",
        "allow", "allowed", clientId, subject, 200, null, default, default);

    [Fact]
    public async Task TextOutput_SerilogLevelOverrideStillDecides()
    {
        var output = new CapturingStream();
        using var lines = new RequestLineWriter(output, json: false);
        await using var gateway = await StartAsync("Text", lines, config =>
        {
            config.Set("Serilog", JsonConfig.Parse("""{ "MinimumLevel": { "Override": { "Gateway.RequestLog": "Warning" } } }"""));
            config.Set("ReverseProxy:Clusters:dead", JsonConfig.Parse("""{ "Destinations": { "d1": { "Address": "http://127.0.0.1:1/" } } }"""));
            config.Set("ReverseProxy:Routes:dead", JsonConfig.Parse("""{ "ClusterId": "dead", "Match": { "Path": "/dead" }, "Metadata": { "Authorizer": "NONE" } }"""));
        });

        Assert.Equal(HttpStatusCode.Unauthorized, (await gateway.GetAsync("/orders/2")).StatusCode);
        Assert.Equal(HttpStatusCode.BadGateway, (await gateway.GetAsync("/dead")).StatusCode);

        // Lines are written in order: the 401 (Information) would be there before the 502 (Error).
        await output.WaitForAsync(text => text.Contains("ERR] HTTP GET /dead responded 502", StringComparison.Ordinal), Timeout);
        Assert.DoesNotContain("responded 401", output.Text);
    }

    [Fact]
    public async Task JsonOutput_EndToEnd_OneObjectPerRequest()
    {
        var output = new CapturingStream();
        using var lines = new RequestLineWriter(output, json: true);
        await using var gateway = await StartAsync("Json", lines);

        var response = await gateway.GetAsync("/orders/1", "Bearer " + _scenario.AccessToken());
        var requestId = response.Headers.GetValues("x-amzn-RequestId").Single();

        await output.WaitForAsync(text => text.Contains(requestId, StringComparison.Ordinal), Timeout);
        var line = output.Text.Split('\n').Single(l => l.Contains(requestId, StringComparison.Ordinal));
        using var json = System.Text.Json.JsonDocument.Parse(line);
        Assert.Equal("allow", json.RootElement.GetProperty("Decision").GetString());
        Assert.Equal("orders-read", json.RootElement.GetProperty("RouteId").GetString());
        Assert.Equal(GatewayScenario.ClientId, json.RootElement.GetProperty("ClientId").GetString());
        Assert.Equal(200, json.RootElement.GetProperty("UpstreamStatus").GetInt32());
        Assert.Equal(RequestLog.SourceContext, json.RootElement.GetProperty("SourceContext").GetString());
    }

    [Fact]
    public void UnknownOutput_StartupRefused_NamesTheKey()
    {
        var config = _scenario.DefaultConfig();
        config.Set("Gateway:Observability", JsonConfig.Parse("""{ "RequestLog": { "Output": "File" } }"""));

        var error = Assert.Throws<GatewayConfigurationException>(() => GatewayHost.Build(config.ToJsonString()));
        Assert.Contains("RequestLog:Output", error.Message);
    }

    // The gateway with the given Output, its request lines going to the test's writer instead of standard output.
    private Task<GatewayHost> StartAsync(string output, RequestLineWriter lines, Action<System.Text.Json.Nodes.JsonObject>? adjust = null)
    {
        var config = _scenario.DefaultConfig();
        config.Set("Gateway:Observability", JsonConfig.Parse($$"""{ "RequestLog": { "Output": "{{output}}" } }"""));
        adjust?.Invoke(config);
        return GatewayHost.StartAsync(config.ToJsonString(), services => services.AddSingleton(lines));
    }

    // The same request written once through Serilog (the committed sink and the given formatter) and once by the
    // gateway's own writer.
    private static (string Serilog, string Own) Both(string name, bool json, ITextFormatter formatter)
    {
        var options = new GatewayOptions();
        var serilogOutput = new CapturingStream();
        var ownOutput = new CapturingStream();
        using (var logger = new LoggerConfiguration().MinimumLevel.Verbose()
            .WriteTo.Sink(new BufferedConsoleSink(formatter, serilogOutput, TimeSpan.FromMilliseconds(10), 1000))
            .CreateLogger())
        using (var lines = new RequestLineWriter(ownOutput, json))
        {
            using var activity = name == "traced" ? new Activity("test").SetIdFormat(ActivityIdFormat.W3C).Start() : null;
            var viaSerilog = new RequestLog(logger, options);
            var own = new RequestLog(logger, options, lines);
            Write(viaSerilog, name);
            Write(own, name);
        }

        // Disposing the sinks wrote everything.
        return (serilogOutput.Text, ownOutput.Text);
    }

    private static void Write(RequestLog log, string name)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "GET";
        context.Request.Path = "/orders/1";
        var feature = new GatewayRequestFeature("0f8fad5b-d9cb-469f-a165-70867728950e") { ClientAddress = "203.0.113.7" };
        context.SetGatewayFeature(feature);
        var route = new RouteAuthorization("orders-read", "main", ["orders/read"], ScopeMatch.Any);
        var status = 200;
        var outcome = new RequestOutcome(route, ReasonCodes.Allowed, true, RequestOutcome.Allow);
        feature.Authorizer = "main";
        feature.Reason = ReasonCodes.Allowed;
        feature.Token = new ValidatedToken("access", "client-1", "client-1", ["orders/read"], DateTimeOffset.UnixEpoch, []);
        switch (name)
        {
            case "upstream-error":
                context.Features.Set<IForwarderErrorFeature>(new ErrorFeature(ForwarderError.RequestTimedOut));
                status = 504;
                break;
            case "probe":
                context.Request.Path = "/healthz";
                feature.Token = null;
                feature.Authorizer = null;
                outcome = new RequestOutcome(null, null, false, RequestOutcome.Deny);
                break;
            case "odd-path":
                // Quotes, a backslash, a control character, non-ASCII text, a lone surrogate.
                context.Request.Path = "/orders/\"q\"\\b\u0001\u00e9\u4e2d\U0001F600\uD800x";
                feature.Authorizer = null;
                break;
        }

        log.Write(context, feature, outcome, status, 0.81234567, exception: null);
    }

    [GeneratedRegex(@"^\[\d\d:\d\d:\d\d", RegexOptions.Multiline)]
    private static partial Regex TextTime();

    [GeneratedRegex("\"@t\":\"[^\"]+\"")]
    private static partial Regex JsonTime();

    private sealed class ErrorFeature(ForwarderError error) : IForwarderErrorFeature
    {
        public ForwarderError Error { get; } = error;

        public Exception? Exception => null;
    }
}
