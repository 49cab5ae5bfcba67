using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Gateway.Tests.EndToEnd;

/// <summary>
/// The gateway as <c>dotnet run --project src/Gateway</c> runs it: the built Gateway.dll, started from the
/// repository root so it reads the committed appsettings.json, with only ports and the key file overridden
/// on the command line so tests can run side by side.
/// </summary>
public sealed class GatewayProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<int> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<(string Marker, TaskCompletionSource Seen)> _waiters = [];

    private GatewayProcess(Process process)
    {
        _process = process;
    }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public Task<int> Exited => _exited.Task;

    public int ProcessId => _process.Id;

    public static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Gateway.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Gateway.sln not found above " + AppContext.BaseDirectory);
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>
    /// Starts the process on fresh ports and waits until it is serving. <see cref="FreePort"/> releases the port
    /// it found, so another test (the suites run in parallel) can take it before the gateway binds it: such a
    /// start is retried on new ports, twice at most; any other failure is reported at once.
    /// </summary>
    public static async Task<(GatewayProcess Gateway, T Ports)> StartReadyAsync<T>(
        Func<T> pickPorts, Func<T, IEnumerable<string>> args, Func<T, string> readyMarker, TimeSpan timeout)
    {
        for (var attempt = 1; ; attempt++)
        {
            var ports = pickPorts();
            var gateway = Start(args(ports), readyMarker(ports));
            try
            {
                await gateway.WaitReadyAsync(timeout);
                return (gateway, ports);
            }
            catch (InvalidOperationException) when (attempt < 3 && gateway.Output.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
            {
                await gateway.DisposeAsync();
            }
            catch
            {
                await gateway.DisposeAsync();
                throw;
            }
        }
    }

    /// <summary>Starts the process; <paramref name="readyMarker"/> is a line of its output that means it is serving.</summary>
    public static GatewayProcess Start(IEnumerable<string> args, string readyMarker)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = RepositoryRoot(),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Gateway.dll"));
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        // Settings of the machine running the tests must not leak in.
        info.Environment.Remove("ASPNETCORE_URLS");
        info.Environment.Remove("ASPNETCORE_ENVIRONMENT");
        info.Environment.Remove("DOTNET_ENVIRONMENT");

        var process = new Process { StartInfo = info };
        var gateway = new GatewayProcess(process);
        DataReceivedEventHandler onLine = (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            lock (gateway._output)
            {
                gateway._output.AppendLine(e.Data);
                gateway._waiters.RemoveAll(waiter =>
                {
                    var seen = e.Data.Contains(waiter.Marker, StringComparison.Ordinal);
                    if (seen)
                    {
                        waiter.Seen.TrySetResult();
                    }

                    return seen;
                });
            }

            if (e.Data.Contains(readyMarker, StringComparison.Ordinal))
            {
                gateway._ready.TrySetResult();
            }
        };
        process.OutputDataReceived += onLine;
        process.ErrorDataReceived += onLine;
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _ = gateway.ObserveExitAsync();
        return gateway;
    }

    // WaitForExitAsync also waits for the output to be read to its end: Exited alone can fire before the last
    // lines (the fatal configuration errors) have been received.
    private async Task ObserveExitAsync()
    {
        await _process.WaitForExitAsync();
        _exited.TrySetResult(_process.ExitCode);
    }

    /// <summary>Completes when the ready marker was printed; fails with the output if the process exits or times out first.</summary>
    private async Task WaitReadyAsync(TimeSpan timeout)
    {
        var finished = await Task.WhenAny(_ready.Task, _exited.Task, Task.Delay(timeout));
        if (finished != _ready.Task)
        {
            throw new InvalidOperationException($"Gateway did not become ready ({(finished == _exited.Task ? "exited " + _exited.Task.Result : "timed out")}). Output:\n{Output}");
        }
    }

    /// <summary>Completes when a line containing <paramref name="marker"/> has been printed (the log is written in batches).</summary>
    public async Task WaitForOutputAsync(string marker, TimeSpan timeout)
    {
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_output)
        {
            if (_output.ToString().Contains(marker, StringComparison.Ordinal))
            {
                return;
            }

            _waiters.Add((marker, seen));
        }

        var finished = await Task.WhenAny(seen.Task, _exited.Task, Task.Delay(timeout));
        if (finished != seen.Task)
        {
            throw new InvalidOperationException($"The gateway did not print \"{marker}\" ({(finished == _exited.Task ? "exited " + _exited.Task.Result : "timed out")}). Output:\n{Output}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}
