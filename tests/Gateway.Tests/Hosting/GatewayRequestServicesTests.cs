using Gateway.Hosting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Tests.Hosting;

/// <summary>
/// The request's services without a scope on the authorization path: the two authorization services come back as
/// the registered singletons with no scope created; anything else gets a real request scope, created once, shared
/// for the request and disposed with it. A real container and a real HttpContext; the gateway's own pipeline runs
/// this on every request of every other test.
/// </summary>
public sealed class GatewayRequestServicesTests
{
    [Fact]
    public async Task AuthorizationServices_AreTheSingletons_AndCreateNoScope()
    {
        await using var root = Services();
        var (context, services) = Request(root);

        Assert.Same(root.GetRequiredService<IPolicyEvaluator>(), context.RequestServices.GetRequiredService<IPolicyEvaluator>());
        Assert.Same(root.GetRequiredService<IAuthorizationMiddlewareResultHandler>(), context.RequestServices.GetService(typeof(IAuthorizationMiddlewareResultHandler)));
        Assert.False(services.HasScope);
    }

    [Fact]
    public async Task ScopedService_ComesFromOneRequestScope_DisposedWithTheRequest()
    {
        await using var root = Services();
        var (context, services) = Request(root);

        var first = context.RequestServices.GetRequiredService<ScopedProbe>();
        var again = context.RequestServices.GetService(typeof(ScopedProbe));
        var (otherContext, _) = Request(root);
        var other = otherContext.RequestServices.GetRequiredService<ScopedProbe>();

        Assert.True(services.HasScope);
        Assert.Same(first, again);
        Assert.NotSame(first, other);

        await services.DisposeAsync();
        Assert.True(first.Disposed);
        Assert.False(other.Disposed);
    }

    [Fact]
    public async Task ServiceWithAScopedRegistration_ComesFromTheScope()
    {
        await using var root = Services();
        var (context, services) = Request(root);

        // The last registration wins, and it is scoped: one instance per request, not the singleton's one.
        var probe = context.RequestServices.GetRequiredService<MixedProbe>();
        var (otherContext, _) = Request(root);

        Assert.True(services.HasScope);
        Assert.Same(probe, context.RequestServices.GetRequiredService<MixedProbe>());
        Assert.NotSame(probe, otherContext.RequestServices.GetRequiredService<MixedProbe>());
    }

    [Fact]
    public async Task KeyedAndMissingServices_BehaveAsTheContainer()
    {
        await using var root = Services();
        var (context, _) = Request(root);

        Assert.Equal("keyed", context.RequestServices.GetRequiredKeyedService<string>("k"));
        Assert.Null(context.RequestServices.GetService(typeof(Uri)));
        Assert.Throws<InvalidOperationException>(() => context.RequestServices.GetRequiredService<Uri>());
    }

    [Fact]
    public async Task AssignedRequestServices_Win()
    {
        await using var root = Services();
        var (context, _) = Request(root);
        await using var replacement = new ServiceCollection().BuildServiceProvider();

        context.RequestServices = replacement;

        Assert.Same(replacement, context.RequestServices);
    }

    private static ServiceProvider Services()
    {
        // As the gateway registers them: its singletons first, so AddAuthorization's TryAdd of transients adds nothing.
        var services = new ServiceCollection();
        services.AddSingleton<IPolicyEvaluator, PolicyEvaluator>();
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, AuthorizationMiddlewareResultHandler>();
        services.AddLogging();
        services.AddAuthorization();
        services.AddScoped<ScopedProbe>();
        services.AddKeyedSingleton("k", "keyed");
        services.AddSingleton<MixedProbe>();
        services.AddScoped<MixedProbe>();
        SingletonServices.Register(services);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
    }

    private static (HttpContext Context, GatewayRequestServices Services) Request(ServiceProvider root)
    {
        var context = new DefaultHttpContext();
        var services = new GatewayRequestServices(context, root.GetRequiredService<SingletonServices>());
        context.Features.Set<IServiceProvidersFeature>(services);
        return (context, services);
    }

    private sealed class MixedProbe;

    private sealed class ScopedProbe : IDisposable
    {
        public bool Disposed { get; private set; }

        public void Dispose() => Disposed = true;
    }
}
