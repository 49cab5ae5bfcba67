using Gateway.Authentication;
using Gateway.Configuration;
using Gateway.Responses;

namespace Gateway.Hosting;

/// <summary>
/// Refuses a request whose declared body is over the limit with 413 REQUEST_TOO_LARGE before anything else
/// runs. A chunked body that grows past the limit is stopped by Kestrel's MaxRequestBodySize while streaming.
/// </summary>
internal sealed class RequestSizeLimitMiddleware
{
    private readonly RequestDelegate _next;
    private readonly long _limit;
    private readonly GatewayResponseWriter _writer;

    public RequestSizeLimitMiddleware(RequestDelegate next, GatewayOptions options, GatewayResponseWriter writer)
    {
        _next = next;
        _limit = options.Limits.MaxRequestBodyBytes;
        _writer = writer;
    }

    public Task InvokeAsync(HttpContext context)
    {
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
