using System.Collections.Concurrent;
using Serilog.Core;
using Serilog.Events;

namespace Gateway.Tests.Infrastructure;

/// <summary>A Serilog sink registered in the gateway's DI (the composition reads sinks from services).</summary>
public sealed class CapturedLog : ILogEventSink
{
    private readonly ConcurrentQueue<LogEvent> _events = new();
    private readonly object _lock = new();
    private readonly List<(Func<LogEvent, bool> Match, TaskCompletionSource<LogEvent> Done)> _waiters = new();

    public IReadOnlyCollection<LogEvent> Events => _events;

    public void Emit(LogEvent logEvent)
    {
        _events.Enqueue(logEvent);
        lock (_lock)
        {
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].Match(logEvent))
                {
                    _waiters[i].Done.TrySetResult(logEvent);
                    _waiters.RemoveAt(i);
                }
            }
        }
    }

    /// <summary>The request-log event of a request, by its x-amzn-RequestId.</summary>
    public LogEvent? RequestEvent(string requestId) => _events.FirstOrDefault(e => IsRequestEvent(e, requestId));

    /// <summary>
    /// Completes with the request-log event of a request; Serilog writes it after the response has been sent,
    /// so a test that just read the response may be ahead of it. Fails after <paramref name="timeout"/>.
    /// </summary>
    public async Task<LogEvent> WaitForRequestEventAsync(string requestId, TimeSpan? timeout = null)
    {
        var done = new TaskCompletionSource<LogEvent>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lock)
        {
            // Checked under the lock so an event emitted between the check and the registration is not missed.
            if (RequestEvent(requestId) is { } existing)
            {
                return existing;
            }

            _waiters.Add((e => IsRequestEvent(e, requestId), done));
        }

        try
        {
            return await done.Task.WaitAsync(timeout ?? TimeSpan.FromSeconds(10));
        }
        catch (TimeoutException)
        {
            var seen = string.Join(Environment.NewLine, _events.Select(e => e.RenderMessage() + " " + string.Join(",", e.Properties.Select(p => p.Key + "=" + p.Value))));
            throw new TimeoutException($"No request-log event for request {requestId}; captured:{Environment.NewLine}{seen}");
        }
    }

    /// <summary>Completes with the first event, past or future, that matches; fails after <paramref name="timeout"/>.</summary>
    public async Task<LogEvent> WaitForAsync(Func<LogEvent, bool> match, TimeSpan? timeout = null)
    {
        var done = new TaskCompletionSource<LogEvent>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lock)
        {
            if (_events.FirstOrDefault(match) is { } existing)
            {
                return existing;
            }

            _waiters.Add((match, done));
        }

        try
        {
            return await done.Task.WaitAsync(timeout ?? TimeSpan.FromSeconds(10));
        }
        catch (TimeoutException)
        {
            var seen = string.Join(Environment.NewLine, _events.Select(e => e.RenderMessage()));
            throw new TimeoutException($"No matching log event; captured:{Environment.NewLine}{seen}");
        }
    }

    /// <summary>An event's message and exception, as an operator reading the log would see them.</summary>
    public static string Text(LogEvent e) => e.RenderMessage() + " " + e.Exception;

    private static bool IsRequestEvent(LogEvent e, string requestId) =>
        e.Properties.TryGetValue("RequestId", out var v) && v is ScalarValue { Value: string id } && id == requestId
        && e.Properties.ContainsKey("StatusCode");
}
