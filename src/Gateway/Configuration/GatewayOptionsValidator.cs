using System.Buffers;
using System.Text.RegularExpressions;
using Gateway.Responses;

namespace Gateway.Configuration;

/// <summary>Checks the <c>Gateway</c> section; every message names the key and says what to do.</summary>
internal static partial class GatewayOptionsValidator
{
    // RFC 9110 token characters, for header names.
    private static readonly SearchValues<char> TokenChars = SearchValues.Create(
        "!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");

    // Headers the gateway or the HTTP stack owns; a claim must never be written into them.
    private static readonly HashSet<string> ReservedHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Host", "Authorization", "Connection", "Keep-Alive", "Transfer-Encoding", "TE", "Trailer", "Upgrade",
        "Proxy-Authorization", "Proxy-Connection", "Content-Length", "Content-Type", "Content-Encoding", "Cookie",
        "Expect", "Forwarded", "X-Forwarded-For", "X-Forwarded-Proto", "X-Forwarded-Host", "X-Forwarded-Prefix",
        "x-amzn-RequestId", "traceparent", "tracestate",
    };

    // Only asymmetric algorithms: a JWKS publishes public keys, and HMAC with a public key is a forgery vector.
    private static readonly HashSet<string> AllowedAlgorithms = new(StringComparer.Ordinal)
    {
        "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512",
    };

    public static void Validate(GatewayOptions options, List<string> errors)
    {
        foreach (var (name, authorizer) in options.Authorizers)
        {
            ValidateAuthorizer($"Gateway:Authorizers:{name}", name, authorizer, errors);
        }

        foreach (var (name, response) in options.Responses)
        {
            var key = $"Gateway:Responses:{name}";
            if (!GatewayResponseType.All.ContainsKey(name))
            {
                errors.Add($"{key} is not a response type Gateway generates: use one of {string.Join(", ", GatewayResponseType.All.Keys)}.");
            }

            if (response.StatusCode is { } status && (status < 100 || status > 599))
            {
                errors.Add($"{key}:StatusCode is {status}: use an HTTP status code between 100 and 599.");
            }

            foreach (var header in response.Headers.Keys)
            {
                if (!IsToken(header))
                {
                    errors.Add($"{key}:Headers has the invalid header name '{header}'.");
                }
            }
        }

        foreach (var (header, claim) in options.ClaimHeaders)
        {
            var key = $"Gateway:ClaimHeaders:{header}";
            if (!IsToken(header))
            {
                errors.Add($"{key} is not a valid header name: use letters, digits and '-', such as X-User-Sub.");
            }
            else if (ReservedHeaders.Contains(header))
            {
                errors.Add($"{key}: '{header}' is a header the gateway or HTTP owns; choose another name, such as X-User-Sub.");
            }

            if (string.IsNullOrWhiteSpace(claim))
            {
                errors.Add($"{key} names no claim: give the claim to copy, such as \"sub\".");
            }
        }

        var keys = options.SigningKeys;
        if (keys.RefreshInterval < TimeSpan.FromMinutes(1))
        {
            errors.Add($"Gateway:SigningKeys:RefreshInterval is {keys.RefreshInterval}: use at least 00:01:00.");
        }

        if (keys.UnknownKidCooldown < TimeSpan.FromSeconds(1) || keys.UnknownKidCooldown > keys.RefreshInterval)
        {
            errors.Add($"Gateway:SigningKeys:UnknownKidCooldown is {keys.UnknownKidCooldown}: use between 00:00:01 and the RefreshInterval.");
        }

        if (keys.FetchTimeout < TimeSpan.FromMilliseconds(100) || keys.FetchTimeout > TimeSpan.FromMinutes(1))
        {
            errors.Add($"Gateway:SigningKeys:FetchTimeout is {keys.FetchTimeout}: use between 00:00:00.1 and 00:01:00.");
        }

        var limits = options.Limits;
        if (limits.MaxRequestBodyBytes < 1)
        {
            errors.Add($"Gateway:Limits:MaxRequestBodyBytes is {limits.MaxRequestBodyBytes}: use a positive number of bytes (API Gateway allows 10485760).");
        }

        if (limits.UpstreamTimeout <= TimeSpan.Zero || limits.UpstreamTimeout > TimeSpan.FromHours(1))
        {
            errors.Add($"Gateway:Limits:UpstreamTimeout is {limits.UpstreamTimeout}: use between 00:00:00.001 and 01:00:00 (API Gateway: 00:00:29).");
        }

        if (limits.DrainTimeout < TimeSpan.Zero || limits.DrainTimeout > TimeSpan.FromMinutes(10))
        {
            errors.Add($"Gateway:Limits:DrainTimeout is {limits.DrainTimeout}: use between 00:00:00 and 00:10:00.");
        }

        if (limits.ShutdownDelay < TimeSpan.Zero || limits.ShutdownDelay > TimeSpan.FromMinutes(5))
        {
            errors.Add($"Gateway:Limits:ShutdownDelay is {limits.ShutdownDelay}: use between 00:00:00 and 00:05:00.");
        }

        foreach (var (name, policy) in options.Throttling)
        {
            var key = $"Gateway:Throttling:{name}";
            if (!AuthorizerNameRegex().IsMatch(name) || name is "Default" or "Disable")
            {
                errors.Add($"{key}: the name '{name}' is not usable: use letters, digits, '-', '_' or '.', and not Default or Disable (YARP's own names).");
            }

            if (policy.RatePerSecond < 1)
            {
                errors.Add($"{key}:RatePerSecond is {policy.RatePerSecond}: use at least 1.");
            }

            if (policy.Burst < 1)
            {
                errors.Add($"{key}:Burst is {policy.Burst}: use at least 1 (API Gateway's burst is the bucket size).");
            }
        }

        ValidateThrottlingStore(options.ThrottlingRedis, errors);

        for (var i = 0; i < options.Forwarding.TrustedProxies.Count; i++)
        {
            if (!Forwarding.ForwardedHeaders.TryParse(options.Forwarding.TrustedProxies[i], out _))
            {
                errors.Add($"Gateway:Forwarding:TrustedProxies:{i} '{options.Forwarding.TrustedProxies[i]}' is not an IP address or CIDR range such as 10.0.0.0/8.");
            }
        }

        ValidatePath("Gateway:Health:LivePath", options.Health.LivePath, errors);
        ValidatePath("Gateway:Health:ReadyPath", options.Health.ReadyPath, errors);
        if (string.Equals(options.Health.LivePath, options.Health.ReadyPath, StringComparison.OrdinalIgnoreCase))
        {
            errors.Add("Gateway:Health:ReadyPath is the same as LivePath: give them different paths.");
        }

        Observability.ObservabilityOptionsValidator.Validate(options, errors);
    }

    private static void ValidateAuthorizer(string key, string name, AuthorizerOptions authorizer, List<string> errors)
    {
        if (!AuthorizerNameRegex().IsMatch(name) || string.Equals(name, RouteAuthorization.Anonymous, StringComparison.OrdinalIgnoreCase))
        {
            errors.Add($"{key}: the name '{name}' is not usable: use letters, digits, '-', '_' or '.', and not \"{RouteAuthorization.Anonymous}\".");
        }

        if (authorizer.UserPools.Count == 0)
        {
            errors.Add($"{key}:UserPools is empty: list at least one user pool (Region and PoolId, or Issuer).");
        }

        var issuers = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < authorizer.UserPools.Count; i++)
        {
            var pool = authorizer.UserPools[i];
            var poolKey = $"{key}:UserPools:{i}";
            ValidatePool(poolKey, pool, errors);
            if (!issuers.Add(pool.ResolveIssuer()))
            {
                errors.Add($"{poolKey} repeats the issuer {pool.ResolveIssuer()}: list each pool once.");
            }
        }

        if (!IsToken(authorizer.IdentitySource))
        {
            errors.Add($"{key}:IdentitySource '{authorizer.IdentitySource}' is not a header name: use a header such as Authorization.");
        }

        if (authorizer.Algorithms.Count == 0)
        {
            errors.Add($"{key}:Algorithms is empty: Cognito signs with RS256; list it.");
        }

        foreach (var alg in authorizer.Algorithms)
        {
            if (!AllowedAlgorithms.Contains(alg))
            {
                errors.Add($"{key}:Algorithms has '{alg}': only asymmetric algorithms are accepted ({string.Join(", ", AllowedAlgorithms)}); never 'none' or HMAC.");
            }
        }

        if (authorizer.ClockSkew < TimeSpan.Zero || authorizer.ClockSkew > TimeSpan.FromMinutes(5))
        {
            errors.Add($"{key}:ClockSkew is {authorizer.ClockSkew}: use between 00:00:00 (API Gateway's behaviour) and 00:05:00.");
        }

        if (authorizer.ResultTtlSeconds is < 0 or > 3600)
        {
            errors.Add($"{key}:ResultTtlSeconds is {authorizer.ResultTtlSeconds}: use 0 (no cache) to 3600, as API Gateway.");
        }

        for (var i = 0; i < authorizer.AllowedClientIds.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(authorizer.AllowedClientIds[i]))
            {
                errors.Add($"{key}:AllowedClientIds:{i} is empty: give an app client id or remove the entry.");
            }
        }
    }

    private static void ValidatePool(string key, UserPoolOptions pool, List<string> errors)
    {
        if (!string.IsNullOrWhiteSpace(pool.Issuer))
        {
            if (!string.IsNullOrWhiteSpace(pool.Region) || !string.IsNullOrWhiteSpace(pool.PoolId))
            {
                errors.Add($"{key}: give either Issuer or Region and PoolId, not both.");
            }

            ValidateAddress($"{key}:Issuer", pool.Issuer, pool.AllowInsecureHttp, errors);
        }
        else
        {
            if (string.IsNullOrWhiteSpace(pool.Region) || !RegionRegex().IsMatch(pool.Region))
            {
                errors.Add($"{key}:Region is '{pool.Region}': give the pool's AWS region such as us-east-1 (or set Issuer instead).");
            }

            if (string.IsNullOrWhiteSpace(pool.PoolId) || !PoolIdRegex().IsMatch(pool.PoolId))
            {
                errors.Add($"{key}:PoolId is '{pool.PoolId}': give the user pool id such as us-east-1_AbC123xyz (or set Issuer instead).");
            }
            else if (pool.Region is not null && !pool.PoolId.StartsWith(pool.Region + "_", StringComparison.Ordinal))
            {
                errors.Add($"{key}:PoolId '{pool.PoolId}' does not belong to region '{pool.Region}': a pool id starts with its region and '_'.");
            }
        }

        if (!string.IsNullOrWhiteSpace(pool.MetadataAddress) && !string.IsNullOrWhiteSpace(pool.JwksUri))
        {
            errors.Add($"{key}: give either MetadataAddress or JwksUri, not both.");
        }

        if (!string.IsNullOrWhiteSpace(pool.MetadataAddress))
        {
            ValidateAddress($"{key}:MetadataAddress", pool.MetadataAddress, pool.AllowInsecureHttp, errors);
        }

        if (!string.IsNullOrWhiteSpace(pool.JwksUri))
        {
            ValidateAddress($"{key}:JwksUri", pool.JwksUri, pool.AllowInsecureHttp, errors);
        }
    }

    private static void ValidateAddress(string key, string value, bool allowInsecureHttp, List<string> errors)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            errors.Add($"{key} '{value}' is not an absolute http(s) URL.");
        }
        else if (uri.Scheme == Uri.UriSchemeHttp && !uri.IsLoopback && !allowInsecureHttp)
        {
            errors.Add($"{key} '{value}' uses plain http to a non-loopback host: use https, or set AllowInsecureHttp on this pool for a private network.");
        }
    }

    private static void ValidateThrottlingStore(ThrottlingRedisOptions redis, List<string> errors)
    {
        if (!redis.Enabled)
        {
            return;
        }

        // The value is never echoed: a connection string may carry the Redis password.
        var key = $"{ThrottlingRedisOptions.SectionName}:Configuration";
        try
        {
            if (StackExchange.Redis.ConfigurationOptions.Parse(redis.Configuration).EndPoints.Count == 0)
            {
                errors.Add($"{key} names no Redis server: start it with host:port, such as redis:6379,password=...");
            }
        }
        catch (ArgumentException ex)
        {
            errors.Add($"{key} is not a StackExchange.Redis connection string ({ex.Message}): use host:port followed by options, such as redis:6379,password=...,ssl=true.");
        }
    }

    private static void ValidatePath(string key, string path, List<string> errors)
    {
        if (string.IsNullOrEmpty(path) || path[0] != '/' || path.Length < 2)
        {
            errors.Add($"{key} is '{path}': use a path such as /healthz.");
        }
    }

    internal static bool IsToken(string? value) =>
        !string.IsNullOrEmpty(value) && !value.AsSpan().ContainsAnyExcept(TokenChars);

    [GeneratedRegex("^[A-Za-z0-9_.-]{1,64}$")]
    private static partial Regex AuthorizerNameRegex();

    [GeneratedRegex("^[a-z]{2}(-[a-z]+)+-[0-9]$")]
    private static partial Regex RegionRegex();

    [GeneratedRegex("^[a-z]{2}(-[a-z]+)+-[0-9]_[A-Za-z0-9]+$")]
    private static partial Regex PoolIdRegex();
}
