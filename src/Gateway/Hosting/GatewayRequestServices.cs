using Microsoft.AspNetCore.Http.Features;

namespace Gateway.Hosting;

/// <summary>
/// <c>HttpContext.RequestServices</c> without a DI scope until something needs one. Every proxied request asked
/// it only for singletons (the stock authorization middleware for its policy evaluator and result handler, the
/// gateway for its state and response writer), yet the first access created a request scope: the scope, its
/// service dictionary, ASP.NET Core's feature and a registration to dispose it, about 250 bytes and a dispose
/// per request. Singletons are answered from the root (<see cref="SingletonServices"/>), the same instances a
/// scope returns; anything else comes from a real request scope created on first use and disposed with the
/// response, as ASP.NET Core's own feature does.
/// </summary>
internal sealed class GatewayRequestServices : IServiceProvidersFeature, IKeyedServiceProvider, ISupportRequiredService, IAsyncDisposable
{
    private readonly HttpContext _context;
    private readonly SingletonServices _singletons;
    private AsyncServiceScope? _scope;
    private IServiceProvider? _assigned;

    public GatewayRequestServices(HttpContext context, SingletonServices singletons)
    {
        _context = context;
        _singletons = singletons;
    }

    /// <summary>Whether a request scope was created (tests).</summary>
    internal bool HasScope => _scope is not null;

    public IServiceProvider RequestServices
    {
        get => _assigned ?? this;
        set => _assigned = value;
    }

    public object? GetService(Type serviceType) => _singletons.Find(serviceType) ?? Scope.GetService(serviceType);

    public object GetRequiredService(Type serviceType) => _singletons.Find(serviceType) ?? Scope.GetRequiredService(serviceType);

    public object? GetKeyedService(Type serviceType, object? serviceKey) => Scope.GetKeyedService(serviceType, serviceKey);

    public object GetRequiredKeyedService(Type serviceType, object? serviceKey) => Scope.GetRequiredKeyedService(serviceType, serviceKey);

    public ValueTask DisposeAsync()
    {
        if (_scope is not { } scope)
        {
            return ValueTask.CompletedTask;
        }

        _scope = null;
        return scope.DisposeAsync();
    }

    private IServiceProvider Scope
    {
        get
        {
            if (_scope is not { } scope)
            {
                scope = _singletons.Scopes.CreateAsyncScope();
                _scope = scope;
                _context.Response.RegisterForDisposeAsync(this);
            }

            return scope.ServiceProvider;
        }
    }
}
