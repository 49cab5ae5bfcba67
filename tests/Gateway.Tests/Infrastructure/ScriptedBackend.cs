using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Gateway.Tests.Infrastructure;

/// <summary>
/// A backend that misbehaves on request: /slow never answers (until the caller gives up), /reset aborts
/// mid-response, /big?bytes=N streams N bytes, /upload counts the body it receives, /ok answers 200.
/// </summary>
public sealed class ScriptedBackend : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly TaskCompletionSource _slowStarted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _requests;

    private ScriptedBackend(WebApplication app)
    {
        _app = app;
    }

    public Uri BaseAddress { get; private set; } = null!;

    public long Requests => Interlocked.Read(ref _requests);

    /// <summary>Completes when a request reached /slow.</summary>
    public Task SlowStarted => _slowStarted.Task;

    /// <summary>Set by a test once it has read the first bytes of /reset; the backend then aborts the response.</summary>
    public TaskCompletionSource AbortReset { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Released to let pending /slow requests answer 200.</summary>
    public TaskCompletionSource ReleaseSlow { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public static async Task<ScriptedBackend> StartAsync()
    {
        var builder = LoopbackServer.CreateBuilder();
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = null);
        var app = builder.Build();
        var backend = new ScriptedBackend(app);
        app.Use((context, next) =>
        {
            Interlocked.Increment(ref backend._requests);
            return next(context);
        });
        app.Map("/ok", () => Results.Text("{\"ok\":true}", "application/json"));
        app.Map("/slow", backend.SlowAsync);
        app.Map("/reset", backend.ResetAsync);
        app.Map("/big", BigAsync);
        app.Map("/upload", UploadAsync);
        await app.StartAsync();
        backend.BaseAddress = app.BoundAddress();
        return backend;
    }

    public async ValueTask DisposeAsync()
    {
        ReleaseSlow.TrySetResult();
        AbortReset.TrySetResult();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task SlowAsync(HttpContext context)
    {
        _slowStarted.TrySetResult();
        try
        {
            await ReleaseSlow.Task.WaitAsync(context.RequestAborted);
            await context.Response.WriteAsync("{\"slow\":\"done\"}");
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task ResetAsync(HttpContext context)
    {
        context.Response.ContentLength = 1_000_000;
        await context.Response.Body.WriteAsync(new byte[10_000]);
        await context.Response.Body.FlushAsync();

        // Abort only once the client has seen part of the body: then no status can be changed any more.
        await AbortReset.Task.WaitAsync(context.RequestAborted);
        context.Abort();
    }

    private static async Task BigAsync(HttpContext context)
    {
        var total = long.Parse(context.Request.Query["bytes"]!);
        var chunk = new byte[64 * 1024];
        context.Response.ContentType = "application/octet-stream";
        for (long sent = 0; sent < total; sent += chunk.Length)
        {
            await context.Response.Body.WriteAsync(chunk.AsMemory(0, (int)Math.Min(chunk.Length, total - sent)));
        }
    }

    private static async Task UploadAsync(HttpContext context)
    {
        var buffer = new byte[64 * 1024];
        long total = 0;
        int read;
        while ((read = await context.Request.Body.ReadAsync(buffer)) > 0)
        {
            total += read;
        }

        await context.Response.WriteAsync($"{{\"received\":{total}}}");
    }
}
