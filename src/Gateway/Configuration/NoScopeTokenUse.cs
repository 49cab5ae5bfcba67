namespace Gateway.Configuration;

/// <summary>Which Cognito token type a route without scopes accepts.</summary>
internal enum NoScopeTokenUse
{
    /// <summary>ID tokens only, as API Gateway REST.</summary>
    Id,

    /// <summary>Access tokens only, for machine-to-machine APIs.</summary>
    Access,

    /// <summary>Either.</summary>
    Any,
}
