using System.Text.Json;
using Gateway.Configuration;
using Gateway.Hosting;
using Gateway.Observability;
using Gateway.Runtime;
using Yarp.ReverseProxy;

namespace Gateway.Operator;

/// <summary>
/// <c>GET /_gateway/routes</c> and <c>POST /_gateway/explain</c>, off by default and only for
/// <c>Gateway:Operator:AllowedNetworks</c> (loopback by default). The whole <c>/_gateway/</c> prefix is the
/// gateway's: disabled, unknown or called from elsewhere, it answers 403 Missing Authentication Token exactly
/// as a path without a route, so it neither reaches a backend nor tells a stranger that it exists.
/// </summary>
internal static class OperatorEndpoints
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static IEndpointRouteBuilder MapGatewayOperator(this IEndpointRouteBuilder endpoints, OperatorOptions options)
    {
        // A catch-all matches the bare prefix too; literal operator paths below take precedence over it.
        endpoints.Map(OperatorOptions.PathPrefix + "/{**rest}", NoRouteEndpoint.HandleAsync).AllowAnonymous();
        if (!options.Enabled)
        {
            return endpoints;
        }

        var allowed = new NetworkAllowList(options.AllowedNetworks);
        var explainer = new DecisionExplainer(endpoints.ServiceProvider, endpoints.DataSources);
        endpoints.MapGet(OperatorOptions.PathPrefix + "/routes", context =>
                allowed.Allows(context.Connection.RemoteIpAddress) ? ListRoutesAsync(context) : NoRouteEndpoint.HandleAsync(context))
            .AllowAnonymous();
        endpoints.MapPost(OperatorOptions.PathPrefix + "/explain", context =>
                allowed.Allows(context.Connection.RemoteIpAddress) ? ExplainAsync(context, explainer) : NoRouteEndpoint.HandleAsync(context))
            .AllowAnonymous();
        return endpoints;
    }

    private static Task ListRoutesAsync(HttpContext context)
    {
        var services = context.RequestServices;
        var list = RouteListing.Describe(services.GetRequiredService<IProxyStateLookup>(), services.GetRequiredService<GatewayStateProvider>().Current);
        return context.Response.WriteAsJsonAsync(list, Json);
    }

    private static async Task ExplainAsync(HttpContext context, DecisionExplainer explainer)
    {
        ExplainRequest? request;
        try
        {
            request = await context.Request.ReadFromJsonAsync<ExplainRequest>(Json, context.RequestAborted);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            // InvalidOperationException: not a JSON content type. Neither message contains the body.
            await BadRequestAsync(context, "The body must be JSON: {\"method\":\"GET\",\"path\":\"/orders/1\",\"authorization\":\"Bearer ...\"}.");
            return;
        }

        var method = string.IsNullOrEmpty(request?.Method) ? HttpMethods.Get : request.Method.ToUpperInvariant();
        var target = request?.Path;
        if (string.IsNullOrEmpty(target) || target[0] != '/' || !Configuration.GatewayOptionsValidator.IsToken(method))
        {
            await BadRequestAsync(context, "Give \"path\" starting with '/' and, optionally, \"method\" (default GET), \"host\" and \"authorization\".");
            return;
        }

        var queryAt = target.IndexOf('?');
        var path = PathString.FromUriComponent(queryAt < 0 ? target : target[..queryAt]);
        var query = queryAt < 0 ? QueryString.Empty : QueryString.FromUriComponent(target[queryAt..]);
        var answer = await explainer.ExplainAsync(context, method, path, query, request!.Host, request.Authorization);
        await context.Response.WriteAsJsonAsync(answer, Json);
    }

    private static Task BadRequestAsync(HttpContext context, string message)
    {
        context.Response.StatusCode = StatusCodes.Status400BadRequest;
        return context.Response.WriteAsJsonAsync(new { message }, Json);
    }
}
