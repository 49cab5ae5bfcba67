using System.Collections.Concurrent;
using Serilog.Core;
using Serilog.Events;

namespace Gateway.Tests.Infrastructure;

/// <summary>A Serilog sink registered in the gateway's DI (the composition reads sinks from services).</summary>
public sealed class CapturedLog : ILogEventSink
{
    private readonly ConcurrentQueue<LogEvent> _events = new();

    public IReadOnlyCollection<LogEvent> Events => _events;

    public void Emit(LogEvent logEvent) => _events.Enqueue(logEvent);

    /// <summary>The request-log event of a request, by its x-amzn-RequestId.</summary>
    public LogEvent? RequestEvent(string requestId) =>
        _events.FirstOrDefault(e => e.Properties.TryGetValue("RequestId", out var v) && v is ScalarValue { Value: string id } && id == requestId);
}
