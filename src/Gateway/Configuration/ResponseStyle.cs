namespace Gateway.Configuration;

internal enum ResponseStyle
{
    /// <summary>API Gateway REST: every auth failure is 401 <c>{"message":"Unauthorized"}</c>, no WWW-Authenticate.</summary>
    Rest,

    /// <summary>API Gateway HTTP API / RFC 6750: WWW-Authenticate challenges, 403 insufficient_scope on scope failure.</summary>
    HttpApi,
}
