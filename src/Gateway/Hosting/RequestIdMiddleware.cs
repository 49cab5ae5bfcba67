using Gateway.Authentication;

namespace Gateway.Hosting;

/// <summary>
/// Gives every request API Gateway's <c>x-amzn-RequestId</c> (a fresh UUID; a client-sent one is not trusted)
/// and the per-request gateway state. The header is set when the response starts so that it wins over a
/// value the backend may have sent.
/// </summary>
internal sealed class RequestIdMiddleware
{
    public const string HeaderName = "x-amzn-RequestId";

    private static readonly Func<object, Task> SetHeader = state =>
    {
        var context = (HttpContext)state;
        context.Response.Headers[HeaderName] = context.GetGatewayFeature().RequestId;
        return Task.CompletedTask;
    };

    private readonly RequestDelegate _next;

    public RequestIdMiddleware(RequestDelegate next)
    {
        _next = next;
    }

    public Task InvokeAsync(HttpContext context)
    {
        context.Features.Set(new GatewayRequestFeature(Guid.NewGuid().ToString()));
        context.Response.OnStarting(SetHeader, context);
        return _next(context);
    }
}
