using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Gateway.LocalCognito.Hosting;

/// <summary>
/// Outermost middleware: answers 503 while the advertised address is not yet known, and turns a bug into a
/// logged JSON 500 instead of a dropped connection.
/// </summary>
internal sealed class ErrorBoundary(Pool.PoolAddress address, ILogger logger)
{
    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        if (!address.IsReady)
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            await context.Response.WriteAsJsonAsync(new MessageResponse("Starting"), LocalCognitoJsonContext.Default.MessageResponse);
            return;
        }

        try
        {
            await next(context);
        }
        catch (Exception e) when (!context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested)
        {
            Log.UnhandledError(logger, context.Request.Method, context.Request.Path, e);
            context.Response.Clear();
            context.Response.StatusCode = StatusCodes.Status500InternalServerError;
            await context.Response.WriteAsJsonAsync(new MessageResponse("Internal error"), LocalCognitoJsonContext.Default.MessageResponse);
        }
    }
}
