namespace Gateway.Authentication;

/// <summary>
/// Why a request was allowed or refused; logged on every request so an operator can tell a 401 apart
/// from another without seeing the token.
/// </summary>
internal static class ReasonCodes
{
    public const string Allowed = "allowed";
    public const string Anonymous = "anonymous_route";
    public const string MissingToken = "missing_token";
    public const string AmbiguousToken = "ambiguous_token";
    public const string UnsupportedScheme = "unsupported_scheme";
    public const string Malformed = "malformed";
    public const string BadSignature = "bad_signature";
    public const string BadAlgorithm = "bad_algorithm";
    public const string UnknownKid = "unknown_kid";
    public const string WrongIssuer = "wrong_issuer";
    public const string Expired = "expired";
    public const string NotYetValid = "not_yet_valid";
    public const string MissingExp = "missing_exp";
    public const string InvalidToken = "invalid_token";
    public const string WrongTokenUse = "wrong_token_use";
    public const string ClientNotAllowed = "client_not_allowed";
    public const string ScopeMismatch = "scope_mismatch";
    public const string NoRoute = "no_route";
    public const string KeysUnavailable = "keys_unavailable";
    public const string AuthorizerError = "authorizer_error";
    public const string Throttled = "throttled";

    /// <summary>Redis could not answer and Gateway:Throttling:Redis:FailOpen is false.</summary>
    public const string ThrottlingUnavailable = "throttling_unavailable";
    public const string RequestTooLarge = "request_too_large";
    public const string InvalidPath = "invalid_path";
}
