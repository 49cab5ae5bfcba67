using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Tokens;

namespace Gateway.Tests.Infrastructure;

/// <summary>
/// A Cognito-like issuer on Kestrel at 127.0.0.1:0: per pool, an OIDC discovery document and a JWKS whose
/// keys can be rotated, withdrawn, taken down or made to hang; it counts and signals key fetches.
/// </summary>
public sealed class TestIssuer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, Pool> _pools = new(StringComparer.Ordinal);
    private readonly object _fetchLock = new();
    private TaskCompletionSource _nextFetch = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _jwksFetches;
    private long _discoveryFetches;

    private TestIssuer(WebApplication app)
    {
        _app = app;
    }

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>When set, every request answers 503 (the issuer is down).</summary>
    public bool Down { get; set; }

    /// <summary>When set, requests never answer until the client gives up.</summary>
    public bool Hang { get; set; }

    public long JwksFetches => Interlocked.Read(ref _jwksFetches);

    public long DiscoveryFetches => Interlocked.Read(ref _discoveryFetches);

    public static async Task<TestIssuer> StartAsync()
    {
        var builder = LoopbackServer.CreateBuilder();
        var app = builder.Build();
        var issuer = new TestIssuer(app);
        app.Map("/{pool}/.well-known/openid-configuration", issuer.DiscoveryAsync);
        app.Map("/{pool}/.well-known/jwks.json", issuer.JwksAsync);
        await app.StartAsync();
        issuer.BaseAddress = app.BoundAddress();
        return issuer;
    }

    /// <summary>Creates (or returns) a pool with one published signing key.</summary>
    public Pool AddPool(string poolId = "local_pool1")
    {
        return _pools.GetOrAdd(poolId, id => new Pool($"{BaseAddress.ToString().TrimEnd('/')}/{id}"));
    }

    /// <summary>Completes at the next JWKS fetch that is served after this call.</summary>
    public Task NextJwksFetch()
    {
        lock (_fetchLock)
        {
            return _nextFetch.Task;
        }
    }

    public async ValueTask DisposeAsync()
    {
        Hang = false;
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task DiscoveryAsync(HttpContext context)
    {
        Interlocked.Increment(ref _discoveryFetches);
        if (!await ServeableAsync(context, out var pool))
        {
            return;
        }

        await context.Response.WriteAsJsonAsync(new Dictionary<string, object>
        {
            ["issuer"] = pool!.Issuer,
            ["jwks_uri"] = pool.Issuer + "/.well-known/jwks.json",
            ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
            ["subject_types_supported"] = new[] { "public" },
            ["response_types_supported"] = new[] { "code", "token" },
        });
    }

    private async Task JwksAsync(HttpContext context)
    {
        Interlocked.Increment(ref _jwksFetches);
        if (await ServeableAsync(context, out var pool))
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(pool!.JwksJson());
        }

        TaskCompletionSource fetched;
        lock (_fetchLock)
        {
            fetched = _nextFetch;
            _nextFetch = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        fetched.TrySetResult();
    }

    private Task<bool> ServeableAsync(HttpContext context, out Pool? pool)
    {
        pool = null;
        if (Hang)
        {
            return HangAsync(context);
        }

        if (Down)
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return Task.FromResult(false);
        }

        if (!_pools.TryGetValue((string)context.Request.RouteValues["pool"]!, out pool))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.FromResult(false);
        }

        return Task.FromResult(true);
    }

    private static async Task<bool> HangAsync(HttpContext context)
    {
        try
        {
            await Task.Delay(Timeout.Infinite, context.RequestAborted);
        }
        catch (OperationCanceledException)
        {
        }

        return false;
    }

    /// <summary>One user pool: its issuer and its RSA keys.</summary>
    public sealed class Pool
    {
        private readonly object _lock = new();
        private List<RsaSecurityKey> _published = new();

        internal Pool(string issuer)
        {
            Issuer = issuer;
            ActiveKey = NewKey();
            _published.Add(ActiveKey);
        }

        public string Issuer { get; }

        /// <summary>The key tokens are signed with by default.</summary>
        public RsaSecurityKey ActiveKey { get; private set; }

        /// <summary>Publishes a new key and makes it the active one; the old key stays published unless removed.</summary>
        public RsaSecurityKey Rotate(bool keepOld = true)
        {
            var key = NewKey();
            lock (_lock)
            {
                var keys = keepOld ? new List<RsaSecurityKey>(_published) : new List<RsaSecurityKey>();
                keys.Add(key);
                _published = keys;
                ActiveKey = key;
            }

            return key;
        }

        /// <summary>Stops publishing a key.</summary>
        public void Withdraw(RsaSecurityKey key)
        {
            lock (_lock)
            {
                _published = _published.Where(k => k.KeyId != key.KeyId).ToList();
            }
        }

        /// <summary>A key pair that is never published, for forged tokens.</summary>
        public static RsaSecurityKey NewKey(string? kid = null) =>
            new(RSA.Create(2048)) { KeyId = kid ?? Guid.NewGuid().ToString("N") };

        internal string JwksJson()
        {
            List<RsaSecurityKey> keys;
            lock (_lock)
            {
                keys = _published;
            }

            var jwks = keys.Select(k =>
            {
                var p = k.Rsa.ExportParameters(false);
                return new Dictionary<string, string>
                {
                    ["kty"] = "RSA",
                    ["alg"] = "RS256",
                    ["use"] = "sig",
                    ["kid"] = k.KeyId,
                    ["n"] = Base64UrlEncoder.Encode(p.Modulus),
                    ["e"] = Base64UrlEncoder.Encode(p.Exponent),
                };
            });
            return JsonSerializer.Serialize(new { keys = jwks });
        }
    }
}
