using System.Net;
using Gateway.Tests.Infrastructure;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.Options;

namespace Gateway.Tests.Hardening;

/// <summary>
/// Gateway:Limits:InlineIoCompletions: off unless configured; when on, Kestrel runs requests on its socket
/// threads and everything the gateway does there (authorization, refusals, streaming both ways, many requests at
/// once) still works, because nothing on the path blocks.
/// </summary>
public sealed class InlineIoCompletionsTests : IClassFixture<GatewayScenario>
{
    private const string Inline = """, "Limits": { "InlineIoCompletions": true }""";

    private readonly GatewayScenario _scenario;

    public InlineIoCompletionsTests(GatewayScenario scenario)
    {
        _scenario = scenario;
    }

    [Fact]
    public async Task Default_Off()
    {
        await using var backend = await ScriptedBackend.StartAsync();
        await using var gateway = await GatewayHost.StartAsync(HardeningConfig.Json(_scenario.Pool, backend));

        Assert.False(gateway.Services.GetRequiredService<IOptions<SocketTransportOptions>>().Value.UnsafePreferInlineScheduling);
    }

    [Fact]
    public async Task On_RequestsAuthorizedRefusedAndStreamed_ManyAtOnce()
    {
        await using var backend = await ScriptedBackend.StartAsync();
        await using var gateway = await GatewayHost.StartAsync(HardeningConfig.Json(_scenario.Pool, backend, extraGateway: Inline));
        Assert.True(gateway.Services.GetRequiredService<IOptions<SocketTransportOptions>>().Value.UnsafePreferInlineScheduling);

        var token = "Bearer " + Tokens.Access(_scenario.Pool, GatewayScenario.ClientId, "api/call");
        var wrongScope = "Bearer " + Tokens.Access(_scenario.Pool, GatewayScenario.ClientId, "api/other");
        var requests = Enumerable.Range(0, 200).Select(async i => (i % 4) switch
        {
            0 => (await gateway.GetAsync("/api/ok", token)).StatusCode,
            1 => (await gateway.GetAsync("/api/ok", wrongScope)).StatusCode,
            2 => (await gateway.GetAsync("/api/ok")).StatusCode,
            _ => (await gateway.GetAsync("/open/ok")).StatusCode,
        });
        var statuses = await Task.WhenAll(requests);

        for (var i = 0; i < statuses.Length; i++)
        {
            Assert.Equal(i % 4 is 1 or 2 ? HttpStatusCode.Unauthorized : HttpStatusCode.OK, statuses[i]);
        }

        var upload = await gateway.SendAsync(HttpMethod.Post, "/open/upload", configure: r => r.Content = new ByteArrayContent(new byte[8 * 1024 * 1024]));
        Assert.Equal("{\"received\":8388608}", await upload.Content.ReadAsStringAsync());
        var download = await gateway.GetAsync("/open/big?bytes=16777216");
        Assert.Equal(16 * 1024 * 1024, (await download.Content.ReadAsByteArrayAsync()).Length);
    }
}
