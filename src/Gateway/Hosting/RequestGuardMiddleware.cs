using Gateway.Authentication;
using Gateway.Configuration;
using Gateway.Responses;
using Microsoft.AspNetCore.Http.Features;

namespace Gateway.Hosting;

/// <summary>
/// Refuses, before anything else runs, a path that backends could resolve differently from the gateway
/// (400, see <see cref="PathGuard"/>) and a declared body over the limit (413 REQUEST_TOO_LARGE). A chunked
/// body that grows past the limit is stopped by Kestrel's MaxRequestBodySize while streaming.
/// </summary>
internal sealed class RequestGuardMiddleware
{
    private readonly RequestDelegate _next;
    private readonly long _limit;
    private readonly GatewayResponseWriter _writer;

    public RequestGuardMiddleware(RequestDelegate next, GatewayOptions options, GatewayResponseWriter writer)
    {
        _next = next;
        _limit = options.Limits.MaxRequestBodyBytes;
        _writer = writer;
    }

    public Task InvokeAsync(HttpContext context)
    {
        var target = context.Features.Get<IHttpRequestFeature>()?.RawTarget;
        if (target is not null && !PathGuard.IsSafe(target))
        {
            context.GetGatewayFeature().Reason = ReasonCodes.InvalidPath;
            return _writer.WriteAsync(context, GatewayResponseType.Default4xx, "Bad Request", null);
        }

        if (context.Request.ContentLength > _limit)
        {
            context.GetGatewayFeature().Reason = ReasonCodes.RequestTooLarge;

            // The body is not read; close the connection rather than drain megabytes.
            context.Response.Headers.Connection = "close";
            return _writer.WriteAsync(context, GatewayResponseType.RequestTooLarge, null, null);
        }

        return _next(context);
    }
}
