using System.Collections.Frozen;

namespace Gateway.Hosting;

/// <summary>
/// The service types registered only as singletons, answered from the root provider: the same instances a request
/// scope would hand out (a scope forwards singletons to the root), without creating the scope. Built from the
/// service collection when first resolved, after the host was built, so later registrations (tests, hosting) count.
/// A type with any scoped, transient or keyed registration, open generics and enumerables are not in the set:
/// they go through a real request scope.
/// </summary>
internal sealed class SingletonServices
{
    private readonly IServiceProvider _root;
    private readonly FrozenSet<Type> _types;

    public SingletonServices(IServiceProvider root, IServiceCollection services)
    {
        _root = root;
        _types = services
            .Where(service => !service.IsKeyedService && !service.ServiceType.IsGenericTypeDefinition)
            .GroupBy(service => service.ServiceType)
            .Where(registrations => registrations.All(service => service.Lifetime == ServiceLifetime.Singleton))
            .Select(registrations => registrations.Key)
            .ToFrozenSet();
        Scopes = root.GetRequiredService<IServiceScopeFactory>();
    }

    public IServiceScopeFactory Scopes { get; }

    /// <summary>The singleton of <paramref name="serviceType"/>, or null when it must come from a scope.</summary>
    public object? Find(Type serviceType) => _types.Contains(serviceType) ? _root.GetService(serviceType) : null;

    public static void Register(IServiceCollection services) =>
        services.AddSingleton(provider => new SingletonServices(provider, services));
}
