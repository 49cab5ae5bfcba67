using System.Collections.Concurrent;
using System.Net;
using Gateway.Hosting;
using Gateway.Runtime;
using Gateway.Responses;
using Gateway.Tests.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Tests.Hosting;

/// <summary>
/// A proxied request on an authorizer route whose token is cached, or that has no token, creates no DI scope (<see cref="GatewayRequestServices"/>): everything it
/// asks <c>RequestServices</c> for is a singleton. Requests that need scoped services (the stock authorization path
/// of an anonymous route) still get one. Observed from outside the gateway's pipeline, over real requests.
/// </summary>
public sealed class RequestScopeTests : IClassFixture<GatewayScenario>
{
    private readonly GatewayScenario _scenario;

    public RequestScopeTests(GatewayScenario scenario)
    {
        _scenario = scenario;
    }

    [Fact]
    public async Task AuthorizedAndRefusedProxiedRequests_CreateNoScope_AnonymousRoutesStillDo()
    {
        var observed = new ScopeObserver();
        await using var gateway = await GatewayHost.StartAsync(_scenario.DefaultConfig().ToJsonString(), services =>
            services.AddSingleton<IStartupFilter>(observed));
        var token = "Bearer " + _scenario.AccessToken();
        var wrongScope = "Bearer " + _scenario.AccessToken("orders/write");

        // First sight of each token: validation (keys, the JwtBearer handler) may use scoped services; not asserted.
        Assert.Equal(HttpStatusCode.OK, (await gateway.GetAsync("/orders/first", token)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await gateway.GetAsync("/orders/first", wrongScope)).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await gateway.GetAsync("/orders/1", token)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await gateway.GetAsync("/orders/2", token)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await gateway.GetAsync("/orders/3")).StatusCode);

        // A valid token without the route's scope: API Gateway's REST style answers 401 too.
        Assert.Equal(HttpStatusCode.Unauthorized, (await gateway.GetAsync("/orders/4", wrongScope)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await gateway.GetAsync("/public/hello")).StatusCode);

        Assert.Equal(
            ["/orders/1 False", "/orders/2 False", "/orders/3 False", "/orders/4 False", "/public/hello True"],
            observed.Requests.Where(request => !request.StartsWith("/orders/first ", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task TheGatewaysRequestPathServices_AreAnsweredWithoutAScope()
    {
        await using var gateway = await _scenario.StartGatewayAsync();
        var singletons = gateway.Services.GetRequiredService<SingletonServices>();

        Assert.Same(gateway.Services.GetRequiredService<IPolicyEvaluator>(), singletons.Find(typeof(IPolicyEvaluator)));
        Assert.Same(gateway.Services.GetRequiredService<IAuthorizationMiddlewareResultHandler>(), singletons.Find(typeof(IAuthorizationMiddlewareResultHandler)));
        Assert.Same(gateway.Services.GetRequiredService<GatewayStateProvider>(), singletons.Find(typeof(GatewayStateProvider)));
        Assert.Same(gateway.Services.GetRequiredService<GatewayResponseWriter>(), singletons.Find(typeof(GatewayResponseWriter)));
        Assert.Null(singletons.Find(typeof(IAuthorizationService)));
    }

    /// <summary>Outside the gateway's pipeline: after each request, whether its request services created a scope.</summary>
    private sealed class ScopeObserver : IStartupFilter
    {
        private readonly ConcurrentQueue<string> _requests = new();

        public string[] Requests => [.. _requests];

        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (context, inner) =>
            {
                await inner(context);
                var services = Assert.IsType<GatewayRequestServices>(context.Features.Get<IServiceProvidersFeature>());
                _requests.Enqueue($"{context.Request.Path} {services.HasScope}");
            });
            next(app);
        };
    }
}
