using Gateway.Authentication;
using Gateway.Configuration;

namespace Gateway.Observability;

/// <summary>
/// A finished request's route, decision and reason, computed once by one rule for the request log, the
/// <c>gateway.requests</c> metric and the request's span, so the three never disagree.
/// </summary>
internal readonly record struct RequestOutcome(RouteAuthorization? Route, string? Reason, bool Forwarded, string Decision)
{
    public const string Allow = "allow";
    public const string Deny = "deny";
    public const string Error = "error";

    public static RequestOutcome Of(HttpContext context, GatewayRequestFeature? feature)
    {
        var route = context.GetEndpoint()?.Metadata.GetMetadata<RouteAuthorization>();
        var reason = feature?.Reason ?? (route is { IsAnonymous: true } ? ReasonCodes.Anonymous : null);
        var forwarded = route is not null && reason is ReasonCodes.Allowed or ReasonCodes.Anonymous;
        var decision = forwarded ? Allow : reason is ReasonCodes.KeysUnavailable or ReasonCodes.AuthorizerError ? Error : Deny;
        return new RequestOutcome(route, reason, forwarded, decision);
    }
}
