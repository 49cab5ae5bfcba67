using Gateway.Runtime;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Gateway.Authentication;

/// <summary>
/// An authorizer's policy scheme forwards each request to the pool scheme of the current generation that
/// matches the token's issuer; an authorizer that no longer exists forwards to a scheme that refuses.
/// </summary>
internal sealed class CognitoPolicySchemeConfigurator : IConfigureNamedOptions<PolicySchemeOptions>
{
    private readonly GatewayStateProvider _state;

    public CognitoPolicySchemeConfigurator(GatewayStateProvider state)
    {
        _state = state;
    }

    public void Configure(PolicySchemeOptions options) => Configure(Options.DefaultName, options);

    public void Configure(string? name, PolicySchemeOptions options)
    {
        if (name is null || !name.StartsWith("cognito:", StringComparison.Ordinal))
        {
            return;
        }

        options.ForwardDefaultSelector = context =>
        {
            foreach (var authorizer in _state.Current.Authorizers.All)
            {
                if (authorizer.SchemeName == name)
                {
                    return authorizer.SelectPoolScheme(context);
                }
            }

            return UnavailableAuthorizerHandler.SchemeName;
        };
    }
}
