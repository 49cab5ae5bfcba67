using Microsoft.AspNetCore.Authentication;

namespace Gateway.Authentication;

/// <summary>
/// An authorizer's own scheme, for whatever authenticates the stock way (<c>HttpContext.AuthenticateAsync</c>);
/// the request path calls <see cref="CognitoAuthenticator"/> directly.
/// </summary>
internal sealed class CognitoAuthorizerHandler : IAuthenticationHandler
{
    private readonly CognitoAuthenticator _authenticator;
    private AuthenticationScheme _scheme = null!;
    private HttpContext _context = null!;

    public CognitoAuthorizerHandler(CognitoAuthenticator authenticator)
    {
        _authenticator = authenticator;
    }

    public Task InitializeAsync(AuthenticationScheme scheme, HttpContext context)
    {
        _scheme = scheme;
        _context = context;
        return Task.CompletedTask;
    }

    public Task<AuthenticateResult> AuthenticateAsync() => _authenticator.AuthenticateAsync(_context, _scheme.Name);

    // Refusals are written by the gateway's authorization result handler, never by a scheme.
    public Task ChallengeAsync(AuthenticationProperties? properties) => Task.CompletedTask;

    public Task ForbidAsync(AuthenticationProperties? properties) => Task.CompletedTask;
}
