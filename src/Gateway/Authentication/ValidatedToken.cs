using System.Security.Claims;

namespace Gateway.Authentication;

/// <summary>
/// A token that passed every check of its authorizer, with what later steps need already extracted so a
/// cached entry costs no re-parsing: the route's scope check and the claim headers read from here.
/// </summary>
internal sealed class ValidatedToken
{
    public ValidatedToken(
        ClaimsPrincipal principal,
        string tokenUse,
        string? clientId,
        string? subject,
        HashSet<string> scopes,
        DateTimeOffset expiresAt,
        KeyValuePair<string, string>[] claimHeaders)
    {
        Principal = principal;
        TokenUse = tokenUse;
        ClientId = clientId;
        Subject = subject;
        Scopes = scopes;
        ExpiresAt = expiresAt;
        ClaimHeaders = claimHeaders;
    }

    public ClaimsPrincipal Principal { get; }

    /// <summary><c>access</c> or <c>id</c>.</summary>
    public string TokenUse { get; }

    /// <summary><c>client_id</c> of an access token, <c>aud</c> of an ID token.</summary>
    public string? ClientId { get; }

    public string? Subject { get; }

    public HashSet<string> Scopes { get; }

    public DateTimeOffset ExpiresAt { get; }

    /// <summary>Header name and value for each configured claim header whose claim the token has.</summary>
    public KeyValuePair<string, string>[] ClaimHeaders { get; }

    public bool IsAccessToken => TokenUse == "access";
}
