using System.Text;

namespace Gateway.Tests.Logging;

/// <summary>
/// Standard output for <see cref="Gateway.Logging.BufferedConsoleSink"/> in tests: keeps what was written, one
/// entry per write call, lets a test await a condition on it, and can hold writers back until released.
/// </summary>
internal sealed class CapturingStream : Stream
{
    private readonly List<string> _writes = [];
    private readonly List<(Func<string, bool> Condition, TaskCompletionSource Done)> _waiters = [];
    private readonly ManualResetEventSlim _open;

    public CapturingStream(bool blocked = false)
    {
        _open = new ManualResetEventSlim(!blocked);
    }

    public string Text
    {
        get
        {
            lock (_writes)
            {
                return string.Concat(_writes);
            }
        }
    }

    public IReadOnlyList<string> Writes
    {
        get
        {
            lock (_writes)
            {
                return _writes.ToList();
            }
        }
    }

    /// <summary>Set when a writer is waiting at the barrier of a blocked stream.</summary>
    public TaskCompletionSource WriterBlocked { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public void Release() => _open.Set();

    public async Task WaitForAsync(Func<string, bool> condition, TimeSpan timeout)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_writes)
        {
            if (condition(string.Concat(_writes)))
            {
                return;
            }

            _waiters.Add((condition, done));
        }

        try
        {
            await done.Task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException("Condition not met; written so far:\n" + Text);
        }
    }

    public override void Write(byte[] buffer, int offset, int count)
    {
        if (!_open.IsSet)
        {
            WriterBlocked.TrySetResult();
            _open.Wait();
        }

        lock (_writes)
        {
            _writes.Add(Encoding.UTF8.GetString(buffer, offset, count));
            if (_waiters.Count == 0)
            {
                // Concatenating everything on every write is quadratic: megabytes of lines took seconds.
                return;
            }

            var text = string.Concat(_writes);
            _waiters.RemoveAll(waiter =>
            {
                var met = waiter.Condition(text);
                if (met)
                {
                    waiter.Done.TrySetResult();
                }

                return met;
            });
        }
    }

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
