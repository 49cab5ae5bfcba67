using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Gateway.Authentication;

/// <summary>
/// Where a route's authorizer is gone (a reload removed it while YARP still had the route): refuse with 500,
/// never forward.
/// </summary>
internal sealed class UnavailableAuthorizerHandler : AuthenticationHandler<AuthenticationSchemeOptions>
{
    public const string SchemeName = "cognito:unavailable";

    public UnavailableAuthorizerHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
        : base(options, logger, encoder)
    {
    }

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        Context.GetGatewayFeature().Reason = ReasonCodes.AuthorizerError;
        return Task.FromResult(AuthenticateResult.Fail("The route's authorizer is not configured."));
    }
}
