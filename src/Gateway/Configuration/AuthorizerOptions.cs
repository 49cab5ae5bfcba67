namespace Gateway.Configuration;

/// <summary>
/// One Cognito authorizer, the equivalent of an API Gateway <c>COGNITO_USER_POOLS</c> authorizer
/// (https://docs.aws.amazon.com/apigateway/latest/api/API_CreateAuthorizer.html).
/// </summary>
internal sealed class AuthorizerOptions
{
    /// <summary>The pools whose tokens are accepted (API Gateway's <c>providerARNs</c>).</summary>
    public List<UserPoolOptions> UserPools { get; set; } = new();

    /// <summary>The request header that carries the token (API Gateway's <c>identitySource</c>).</summary>
    public string IdentitySource { get; set; } = "Authorization";

    /// <summary>
    /// Token type required on routes without scopes. API Gateway REST requires an ID token there;
    /// machine-to-machine APIs have no ID tokens, hence <c>Access</c> and <c>Any</c>.
    /// </summary>
    public NoScopeTokenUse NoScopeTokenUse { get; set; } = NoScopeTokenUse.Id;

    /// <summary>
    /// App client ids allowed (checked against <c>client_id</c> of access tokens and <c>aud</c> of ID tokens,
    /// as aws-jwt-verify does). Empty: any app client of the pools, as API Gateway REST.
    /// </summary>
    public List<string> AllowedClientIds { get; set; } = new();

    /// <summary>Accepted signature algorithms. RS256 is what Cognito signs with.</summary>
    public List<string> Algorithms { get; set; } = new() { "RS256" };

    /// <summary>Tolerance on exp/nbf. API Gateway and aws-jwt-verify allow none.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.Zero;

    /// <summary>Result cache TTL, 0-3600 s, API Gateway's <c>authorizerResultTtlInSeconds</c>.</summary>
    public int ResultTtlSeconds { get; set; } = 300;

    /// <summary>Whether the identity header goes on to the backend; API Gateway forwards it.</summary>
    public bool ForwardIdentityHeader { get; set; } = true;
}
