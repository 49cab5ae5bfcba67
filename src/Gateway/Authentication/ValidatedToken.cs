using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;

namespace Gateway.Authentication;

/// <summary>
/// A token that passed every check of its authorizer, with what later steps need already extracted so a
/// cached entry costs no re-parsing: the route's scope check and the claim headers read from here.
/// </summary>
internal sealed class ValidatedToken
{
    public ValidatedToken(
        string schemeName,
        string tokenUse,
        string? clientId,
        string? subject,
        HashSet<string> scopes,
        DateTimeOffset expiresAt,
        KeyValuePair<string, string>[] claimHeaders)
    {
        TokenUse = tokenUse;
        ClientId = clientId;
        Subject = subject;
        Scopes = scopes;
        ExpiresAt = expiresAt;
        ClaimHeaders = claimHeaders;

        // A small principal, not JwtBearer's: a cached entry must not keep the parsed token and all its claims
        // alive (about 5 KB each; 100,000 of them were half a gigabyte). What requests need is extracted above.
        var claims = new List<Claim>(3) { new("token_use", tokenUse) };
        if (subject is not null)
        {
            claims.Add(new Claim("sub", subject));
        }

        if (clientId is not null)
        {
            claims.Add(new Claim("client_id", clientId));
        }

        Result = AuthenticateResult.Success(new AuthenticationTicket(
            new ClaimsPrincipal(new ClaimsIdentity(claims, "cognito", "sub", "cognito:groups")),
            schemeName));
        ResultTask = Task.FromResult(Result);
    }

    /// <summary>The authentication result a cache hit returns, made once.</summary>
    public AuthenticateResult Result { get; }

    /// <summary><see cref="Result"/> as a completed task, so a hit allocates none.</summary>
    public Task<AuthenticateResult> ResultTask { get; }

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
