using System.Buffers;
using System.Security.Claims;
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Http;
using Yarp.ReverseProxy.Transforms;

namespace Gateway.Bench.Micro;

/// <summary>
/// Claims to request headers (API Gateway's <c>$context.authorizer.claims.*</c>). The values are computed once
/// per validated token (ClaimHeaderMap.Extract); on every request the YARP transform removes client-sent copies,
/// scans the request headers for '_' spellings, replaces x-amzn-RequestId and adds the cached values
/// (src/Gateway/Forwarding/GatewayTransformProvider.cs, replicated here with the same YARP calls).
/// </summary>
[MemoryDiagnoser]
public class HeaderMappingBenchmarks
{
    private const string RequestIdHeader = "x-amzn-RequestId";

    private static readonly SearchValues<char> SafeChars = SearchValues.Create(
        " !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~");

    // The committed appsettings.json's Gateway:ClaimHeaders.
    private readonly KeyValuePair<string, string>[] _headerToClaim =
    [
        new("X-User-Sub", "sub"),
        new("X-Client-Id", "client_id"),
        new("X-Scopes", "scope"),
        new("X-User-Name", "cognito:username"),
    ];

    private string[] _headerNames = null!;
    private HashSet<string> _normalizedHeaderNames = null!;
    private ClaimsPrincipal _principal = null!;
    private KeyValuePair<string, string>[] _claimHeaders = null!;
    private RequestTransformContext _transform = null!;
    private string _requestId = null!;

    [GlobalSetup]
    public void Setup()
    {
        _headerNames = _headerToClaim.Select(h => h.Key).ToArray();
        _normalizedHeaderNames = new HashSet<string>(_headerNames.Select(n => n.Replace('_', '-')), StringComparer.OrdinalIgnoreCase);

        // The claims of a client_credentials access token as JsonWebTokenHandler's identity holds them.
        _principal = new ClaimsPrincipal(new ClaimsIdentity(
            [
                new Claim("sub", BenchTokens.ClientId),
                new Claim("token_use", "access"),
                new Claim("scope", BenchTokens.Scope),
                new Claim("auth_time", "1764320000"),
                new Claim("iss", BenchTokens.Issuer),
                new Claim("exp", "1764323600"),
                new Claim("iat", "1764320000"),
                new Claim("version", "2"),
                new Claim("jti", Guid.NewGuid().ToString()),
                new Claim("client_id", BenchTokens.ClientId),
            ],
            "AuthenticationTypes.Federation",
            "sub",
            "cognito:groups"));
        _claimHeaders = Extract();

        // What wrk sends, already copied to the outgoing request as YARP does before request transforms run.
        var context = new DefaultHttpContext();
        context.Request.Method = "GET";
        context.Request.Host = new HostString("127.0.0.1:18080");
        context.Request.Headers.Authorization = "Bearer eyJraWQiOi...";
        context.Request.Headers.UserAgent = "wrk";
        context.Request.Headers.Accept = "*/*";
        var proxyRequest = new HttpRequestMessage(HttpMethod.Get, "http://127.0.0.1:18050/");
        proxyRequest.Headers.TryAddWithoutValidation("Authorization", "Bearer eyJraWQiOi...");
        proxyRequest.Headers.TryAddWithoutValidation("User-Agent", "wrk");
        proxyRequest.Headers.TryAddWithoutValidation("Accept", "*/*");
        _transform = new RequestTransformContext { HttpContext = context, ProxyRequest = proxyRequest, Path = "/", Query = new QueryTransformContext(context.Request), HeadersCopied = true };
        _requestId = Guid.NewGuid().ToString();
    }

    /// <summary>Once per validated token: each mapped claim found and joined, values percent-encoded if needed.</summary>
    [Benchmark]
    public KeyValuePair<string, string>[] ExtractOnValidation() => Extract();

    /// <summary>Every request: the gateway's request transform, on an outgoing request that already carries its headers.</summary>
    [Benchmark(Baseline = true)]
    public int TransformPerRequest()
    {
        var transform = _transform;
        foreach (var header in _headerNames)
        {
            RequestTransform.RemoveHeader(transform, header);
        }

        foreach (var header in transform.HttpContext.Request.Headers)
        {
            if (header.Key.Contains('_') && _normalizedHeaderNames.Contains(header.Key.Replace('_', '-')))
            {
                RequestTransform.RemoveHeader(transform, header.Key);
            }
        }

        RequestTransform.RemoveHeader(transform, RequestIdHeader);
        RequestTransform.AddHeader(transform, RequestIdHeader, _requestId);
        foreach (var (header, value) in _claimHeaders)
        {
            RequestTransform.AddHeader(transform, header, value);
        }

        return _claimHeaders.Length;
    }

    /// <summary>The request id every request gets (RequestIdMiddleware): a new GUID string.</summary>
    [Benchmark]
    public string NewRequestId() => Guid.NewGuid().ToString();

    private KeyValuePair<string, string>[] Extract()
    {
        var result = new List<KeyValuePair<string, string>>(_headerToClaim.Length);
        foreach (var (header, claim) in _headerToClaim)
        {
            string? value = null;
            foreach (var c in _principal.FindAll(claim))
            {
                value = value is null ? c.Value : value + "," + c.Value;
            }

            if (value is not null)
            {
                result.Add(new(header, value.AsSpan().ContainsAnyExcept(SafeChars) ? Uri.EscapeDataString(value) : value));
            }
        }

        return result.ToArray();
    }
}
