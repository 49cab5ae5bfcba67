using System.Net;
using System.Text.Json;
using Gateway.Tests.Infrastructure;

namespace Gateway.Tests.Hardening;

public sealed class RequestSizeTests : IClassFixture<GatewayScenario>
{
    private const string SmallLimit = """, "Limits": { "MaxRequestBodyBytes": 1048576 }""";

    private readonly GatewayScenario _scenario;

    public RequestSizeTests(GatewayScenario scenario)
    {
        _scenario = scenario;
    }

    [Fact]
    public async Task DeclaredBodyOverLimit_413RequestTooLong_BackendNotReached()
    {
        await using var backend = await ScriptedBackend.StartAsync();
        await using var gateway = await GatewayHost.StartAsync(HardeningConfig.Json(_scenario.Pool, backend, extraGateway: SmallLimit));

        // As curl does for large bodies: Expect: 100-continue lets the gateway refuse before the body is sent.
        // A client that sends the body at once may see the connection reset before it reads the 413, since
        // the gateway closes rather than read megabytes it will refuse.
        var response = await gateway.SendAsync(HttpMethod.Post, "/open/upload", configure: r =>
        {
            r.Content = new ByteArrayContent(new byte[2 * 1024 * 1024]);
            r.Headers.ExpectContinue = true;
        });

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("{\"message\":\"Request Too Long\"}", await response.Content.ReadAsStringAsync());
        Assert.Equal(0, backend.Requests);
    }

    [Fact]
    public async Task ChunkedBodyGrowingOverLimit_413NotForwardedWhole()
    {
        await using var backend = await ScriptedBackend.StartAsync();
        await using var gateway = await GatewayHost.StartAsync(HardeningConfig.Json(_scenario.Pool, backend, extraGateway: SmallLimit));

        var content = new StreamContent(new MemoryStream(new byte[3 * 1024 * 1024]));
        var response = await gateway.SendAsync(HttpMethod.Post, "/open/upload", configure: r =>
        {
            r.Content = content;
            r.Headers.TransferEncodingChunked = true;
        });

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task LargeBodiesUnderLimit_StreamedBothWays()
    {
        await using var backend = await ScriptedBackend.StartAsync();
        await using var gateway = await GatewayHost.StartAsync(HardeningConfig.Json(_scenario.Pool, backend));

        var upload = await gateway.SendAsync(HttpMethod.Post, "/open/upload", configure: r => r.Content = new ByteArrayContent(new byte[8 * 1024 * 1024]));
        Assert.Equal(HttpStatusCode.OK, upload.StatusCode);
        using var received = JsonDocument.Parse(await upload.Content.ReadAsStringAsync());
        Assert.Equal(8 * 1024 * 1024, received.RootElement.GetProperty("received").GetInt64());

        // 64 MB down: counted as it streams, never held whole by the test client either.
        using var request = new HttpRequestMessage(HttpMethod.Get, "/open/big?bytes=67108864");
        using var download = await gateway.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        await using var stream = await download.Content.ReadAsStreamAsync();
        var buffer = new byte[81920];
        long total = 0;
        int read;
        while ((read = await stream.ReadAsync(buffer)) > 0)
        {
            total += read;
        }

        Assert.Equal(67108864, total);
    }
}
