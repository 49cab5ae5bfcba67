using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Gateway.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Gateway.Tests.Hardening;

/// <summary>
/// The default gateway plus a protected /admin/{**rest} route (scope admin/all), in front of the echo backend:
/// /public/{**rest} is anonymous and GET /orders/{**rest} needs orders/read.
/// </summary>
public sealed class PathConfusionFixture : IAsyncLifetime
{
    public GatewayScenario Scenario { get; } = new();

    public GatewayHost Gateway { get; private set; } = null!;

    public EchoBackend Backend => Scenario.Backend;

    public async Task InitializeAsync()
    {
        await Scenario.InitializeAsync();
        Gateway = await Scenario.StartGatewayAsync(c => c.Set("ReverseProxy:Routes:admin", JsonNode.Parse("""
            {
              "ClusterId": "echo",
              "Match": { "Path": "/admin/{**rest}" },
              "Metadata": { "Authorizer": "main", "Scopes": "admin/all" }
            }
            """)));
    }

    public async Task DisposeAsync()
    {
        await Gateway.DisposeAsync();
        await Scenario.DisposeAsync();
    }
}

/// <summary>
/// Issue 5, "Hostile requests: path confusion": raw request targets (RawHttp; HttpClient would normalize them)
/// that try to reach /admin through the anonymous /public route or the weaker /orders route. Each is sent
/// anonymously and with an orders/read token. Either the gateway refuses it (400/401/403/404, never a 5xx), or,
/// if it forwards it, the backend's path neither starts with /admin nor resolves to /admin when a lenient backend
/// decodes %2E/%2F/%5C, takes '\' as '/' and collapses dot segments (<see cref="LenientPath"/>).
/// The comment on each case records what it ends up as today (status; echoed path if forwarded).
/// </summary>
public sealed class PathConfusionTests : IClassFixture<PathConfusionFixture>
{
    private readonly PathConfusionFixture _f;
    private readonly ITestOutputHelper _output;

    public PathConfusionTests(PathConfusionFixture fixture, ITestOutputHelper output)
    {
        _f = fixture;
        _output = output;
    }

    // Each case: what it ends up as, the same anonymously and with an orders/read token unless noted ("200 -> x"
    // is forwarded with backend path x). Cases marked "invalid_path" were forwarded before the gateway's PathGuard
    // (the gateway authorized them by /public or /orders and forwarded a path that a backend which decodes %2F or
    // %5C, takes '\' for '/', drops ";params" or decodes twice resolves to /admin); they now get 400.
    public static TheoryData<string, string> Paths() => new()
    {
        // 401: Kestrel resolves the dot segments before routing, the admin route answers.
        { "dot_segments", "/public/../admin/x" },

        // 401: Kestrel decodes %2e before resolving dot segments.
        { "encoded_dots_lower", "/public/%2e%2e/admin/x" },

        // 400 invalid_path; before PathGuard (encoded slash): 200 -> /public/..%2Fadmin/x; %2F stays encoded, so ".." is no segment to the gateway.
        { "encoded_dots_and_slash_upper", "/public/%2E%2E%2Fadmin/x" },

        // 400 invalid_path; before PathGuard (encoded slash): 200 -> /public/..%2fadmin.
        { "dots_encoded_slash", "/public/..%2fadmin" },

        // 400 invalid_path; before PathGuard (encoded slash): 200 -> /public/..%2fadmin/x.
        { "dots_encoded_slash_then_path", "/public/..%2fadmin/x" },

        // 403 Missing Authentication Token: no route matches "//admin/x".
        { "double_slash_prefix", "//admin/x" },

        // 401: routes match case-insensitively, the admin route answers.
        { "upper_case", "/ADMIN/x" },

        // 401.
        { "mixed_case", "/Admin/x" },

        // 401.
        { "trailing_slash", "/admin/x/" },

        // 403: "admin;x" is one segment that matches no route.
        { "matrix_parameter", "/admin;x" },

        // 200 -> /public/%2fadmin, which resolves to /public/admin: harmless.
        { "public_encoded_slash_admin", "/public/%2fadmin" },

        // 200 -> /public/%c0%ae%c0%ae/admin/x: invalid UTF-8 stays encoded; no current decoder reads it as "..".
        { "overlong_utf8_dots", "/public/%c0%ae%c0%ae/admin/x" },

        // 200 -> /public/..%c0%afadmin/x: likewise.
        { "overlong_utf8_slash", "/public/..%c0%afadmin/x" },

        // 403: "public%2F..%2Fadmin" is one segment that matches no route.
        { "encoded_slashes_in_first_segment", "/public%2f..%2fadmin/x" },

        // 400 invalid_path; before PathGuard (backslash): 200 -> /public/..\admin/x; IIS and Windows backends read '\' as '/'.
        { "backslash", "/public/..\\admin/x" },

        // 400 invalid_path; before PathGuard (backslash): 200 -> /public/..\admin/x (%5c decoded by Kestrel, forwarded).
        { "encoded_backslash", "/public/..%5cadmin/x" },

        // 400 invalid_path; before PathGuard (double encoding, only against a backend that decodes twice): 200 -> /public/%2e%2e/admin/x.
        { "double_encoded_dots", "/public/%252e%252e/admin/x" },

        // 400 invalid_path; before PathGuard (double encoding, likewise): 200 -> /public/..%2fadmin/x.
        { "double_encoded_slash", "/public/..%252fadmin/x" },

        // 401: ".%2e" decodes to "..".
        { "mixed_encoded_dot", "/public/.%2e/admin/x" },

        // 401.
        { "dot_then_dots", "/public/./../admin/x" },

        // 401.
        { "two_levels_up", "/public/x/../../admin/x" },

        // 400 invalid_path; before PathGuard (encoded slash): 200 -> /public/..%2f..%2fadmin.
        { "encoded_two_levels_up", "/public/%2e%2e%2f%2e%2e%2fadmin" },

        // 400 invalid_path; before PathGuard (path parameter): 200 -> /public/..;/admin/x; Tomcat, Jetty and Spring read "..;" as "..".
        { "tomcat_dots_semicolon", "/public/..;/admin/x" },

        // 400 invalid_path; before PathGuard (path parameter): 200 -> /public/..;/admin/x.
        { "dots_semicolon_encoded", "/public/%2e%2e;/admin/x" },

        // 200 -> /public/%u002e%u002e/admin/x: %u is not an escape Kestrel (or any current server) decodes.
        { "iis_unicode_dots", "/public/%u002e%u002e/admin/x" },

        // 200 -> /public/..(U+FF0F)admin/x: the fullwidth solidus is a look-alike, not a '/'.
        { "fullwidth_solidus", "/public/..%ef%bc%8fadmin/x" },

        // 401.
        { "current_dir_prefix", "/./admin/x" },

        // 401: %61 is 'a'.
        { "encoded_letter", "/%61dmin/x" },

        // 403: "admin%2Fx" is one segment.
        { "encoded_slash_after_admin", "/admin%2fx" },

        // 403.
        { "trailing_dot_segment_name", "/admin./x" },

        // 403.
        { "trailing_space_segment_name", "/admin%20/x" },

        // 401.
        { "orders_dot_segments", "/orders/../admin/x" },

        // 401.
        { "orders_encoded_dots", "/orders/%2e%2e/admin/x" },

        // 400 invalid_path; before PathGuard (encoded slash, through the weaker route): anonymous 401; orders/read 200 -> /orders/..%2fadmin/x.
        { "orders_encoded_slash", "/orders/..%2fadmin/x" },

        // 401.
        { "admin_bare", "/admin" },

        // 400 from Kestrel: an absolute-form target on a non-proxy request.
        { "absolute_form", "http://127.0.0.1/admin/x" },

        // 400 from Kestrel: a NUL in the path.
        { "nul_in_path", "/public/%00/../admin/x" },
    };

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task ConfusedPath_NeverReachesAdminWithoutAdminScope(string name, string path)
    {
        var outcomes = new List<(string Who, HttpStatusCode Status, long Forwarded, string? Echoed)>();
        foreach (var (who, authorization) in new (string, string?)[]
        {
            ("anonymous", null),
            ("orders/read", "Bearer " + _f.Scenario.AccessToken("orders/read")),
        })
        {
            var before = _f.Backend.Requests;
            var headers = authorization is null ? Array.Empty<(string, string)>() : new[] { ("Authorization", authorization) };

            var (status, _, body) = await RawHttp.SendAsync(_f.Gateway.BaseAddress, "GET", path, headers);

            var forwarded = _f.Backend.Requests - before;
            var echoed = forwarded > 0 ? JsonSerializer.Deserialize<EchoedRequest>(RawResponse.JsonObject(body))!.Path : null;
            outcomes.Add((who, status, forwarded, echoed));
            _output.WriteLine($"OUTCOME {name} {path} [{who}]: {(int)status}{(echoed is null ? "" : $" -> backend {echoed} (resolves to {LenientPath.Resolve(echoed)})")}");
        }

        foreach (var (who, status, forwarded, echoed) in outcomes)
        {
            Assert.True((int)status < 500, $"{path} [{who}]: {(int)status}");
            if (forwarded == 0)
            {
                Assert.Contains(status, new[] { HttpStatusCode.BadRequest, HttpStatusCode.Unauthorized, HttpStatusCode.Forbidden, HttpStatusCode.NotFound });
                continue;
            }

            Assert.Equal(1, forwarded);
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.False(LenientPath.IsAdmin(echoed!), $"VULNERABILITY: GET {path} [{who}] reached the backend as {echoed}");
            Assert.False(
                LenientPath.IsAdmin(LenientPath.Resolve(echoed!)),
                $"VULNERABILITY: GET {path} [{who}] reached the backend as {echoed}, which resolves to {LenientPath.Resolve(echoed!)}");
        }
    }

    /// <summary>The control: /admin is reachable with admin/all, and refused without it.</summary>
    [Fact]
    public async Task AdminRoute_AdminScopeForwarded_OtherwiseRefused()
    {
        var admin = await RawHttp.SendAsync(_f.Gateway.BaseAddress, "GET", "/admin/x", ("Authorization", "Bearer " + _f.Scenario.AccessToken("admin/all")));
        Assert.Equal(HttpStatusCode.OK, admin.Status);
        Assert.Equal("/admin/x", JsonSerializer.Deserialize<EchoedRequest>(RawResponse.JsonObject(admin.Body))!.Path);

        var anonymous = await GatewayAssert.NotForwardedAsync(_f.Backend, () => _f.Gateway.GetAsync("/admin/x"));
        await GatewayAssert.UnauthorizedAsync(anonymous);

        var weaker = await GatewayAssert.NotForwardedAsync(_f.Backend, () => _f.Gateway.GetAsync("/admin/x", "Bearer " + _f.Scenario.AccessToken("orders/read")));
        await GatewayAssert.UnauthorizedAsync(weaker);
        Assert.Equal("scope_mismatch", await _f.Gateway.ReasonAsync(weaker));
    }

    /// <summary>The resolution the assertions rely on.</summary>
    [Theory]
    [InlineData("/admin/x", "/admin/x")]
    [InlineData("/public/..%2Fadmin", "/admin")]
    [InlineData("/public/%2e%2e/admin/x", "/admin/x")]
    [InlineData("/public/..\\admin/x", "/admin/x")]
    [InlineData("/public/..%5Cadmin/x", "/admin/x")]
    [InlineData("/public/%2Fadmin", "/public/admin")]
    [InlineData("/public/x/./y/../../z", "/public/z")]
    [InlineData("/public/..;/admin/x", "/admin/x")]
    [InlineData("/public/..;jsessionid=1/admin", "/admin")]
    [InlineData("/public/%c0%ae%c0%ae/admin", "/public/%c0%ae%c0%ae/admin")]
    [InlineData("/..", "/")]
    public void LenientPath_Resolves(string path, string expected)
    {
        Assert.Equal(expected, LenientPath.Resolve(path));
    }

    [Theory]
    [InlineData("/public/..%2fadmin/x")]
    [InlineData("/public/..%5Cadmin/x")]
    [InlineData("/public/..\\admin/x")]
    [InlineData("/public/..;/admin/x")]
    [InlineData("/public/%2e%2e;x/admin/x")]
    [InlineData("/public/%252e%252e/admin/x")]
    public async Task AmbiguousPath_400BadRequestInvalidPath_NotForwarded(string path)
    {
        var before = _f.Backend.Requests;

        var (status, head, body) = await RawHttp.SendAsync(_f.Gateway.BaseAddress, "GET", path);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("{\"message\":\"Bad Request\"}", body);
        Assert.Contains("x-amzn-ErrorType: BadRequestException", head, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(before, _f.Backend.Requests);
    }

    [Theory]
    [InlineData("/public/a%20b")]
    [InlineData("/public/caf%C3%A9")]
    [InlineData("/public/a;b=c")]
    [InlineData("/public/...")]
    public async Task OrdinaryEncodedPath_Forwarded(string path)
    {
        var (status, _, _) = await RawHttp.SendAsync(_f.Gateway.BaseAddress, "GET", path);

        Assert.Equal(HttpStatusCode.OK, status);
    }
}
