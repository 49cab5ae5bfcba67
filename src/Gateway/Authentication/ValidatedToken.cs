namespace Gateway.Authentication;

/// <summary>
/// A token that passed every check of its authorizer, with what later steps need already extracted so a
/// cached entry costs no re-parsing: the route's scope check, the claim headers and the request log read from
/// here. It holds no principal: a cache hit answers with its authorizer's shared result (see
/// <see cref="CognitoAuthorizer.CacheHitResult"/>), which kept about a kilobyte per cached token out of memory.
/// </summary>
internal sealed class ValidatedToken
{
    /// <remarks>
    /// No string is stored twice: the claim header values are usually the client id, the subject (the same as
    /// the client id in a client_credentials token) and the scope, each parsed into a string of its own by the
    /// claims and again by the payload reads. With the result cache full (50,000 entries) the copies were about
    /// a quarter of its memory.
    /// </remarks>
    public ValidatedToken(
        string tokenUse,
        string? clientId,
        string? subject,
        string[] scopes,
        DateTimeOffset expiresAt,
        KeyValuePair<string, string>[] claimHeaders)
    {
        // String literals are interned: every entry then shares one "access".
        TokenUse = tokenUse switch
        {
            "access" => "access",
            "id" => "id",
            _ => tokenUse,
        };
        ClientId = clientId;
        Subject = subject is not null && subject == clientId ? clientId : subject;
        Scopes = scopes;
        ExpiresAt = expiresAt;
        for (var i = 0; i < claimHeaders.Length; i++)
        {
            var value = claimHeaders[i].Value;
            var shared = value == ClientId ? ClientId : value == Subject ? Subject : scopes.Length == 1 && value == scopes[0] ? scopes[0] : value;
            if (!ReferenceEquals(shared, value))
            {
                claimHeaders[i] = new(claimHeaders[i].Key, shared!);
            }
        }

        ClaimHeaders = claimHeaders;
    }

    /// <summary><c>access</c> or <c>id</c>.</summary>
    public string TokenUse { get; }

    /// <summary><c>client_id</c> of an access token, <c>aud</c> of an ID token.</summary>
    public string? ClientId { get; }

    public string? Subject { get; }

    /// <summary>
    /// The access token's scopes, distinct. An array, not a set: a token has a handful, a linear ordinal
    /// search of them is as fast as hashing, and 50,000 cached entries each kept a set's buckets and entries.
    /// </summary>
    public string[] Scopes { get; }

    public DateTimeOffset ExpiresAt { get; }

    /// <summary>Header name and value for each configured claim header whose claim the token has.</summary>
    public KeyValuePair<string, string>[] ClaimHeaders { get; }

    public bool IsAccessToken => TokenUse == "access";

    public bool HasScope(string scope)
    {
        foreach (var granted in Scopes)
        {
            if (string.Equals(granted, scope, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
