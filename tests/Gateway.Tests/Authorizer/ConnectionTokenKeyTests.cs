using System.Net;
using System.Net.Sockets;
using Gateway.Authentication;
using Gateway.Tests.Infrastructure;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;

namespace Gateway.Tests.Authorizer;

/// <summary>
/// A keep-alive connection remembers its last token's cache key (ConnectionTokenKey): the same token is hashed once
/// per connection, and any other token on that connection is still judged on its own.
/// </summary>
public sealed class ConnectionTokenKeyTests : IClassFixture<GatewayScenario>
{
    private readonly GatewayScenario _scenario;

    public ConnectionTokenKeyTests(GatewayScenario scenario)
    {
        _scenario = scenario;
    }

    [Fact]
    public async Task OneConnection_EachTokenJudgedOnItsOwn()
    {
        await using var gateway = await _scenario.StartGatewayAsync();
        var connects = 0;
        using var client = new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = 1,
            ConnectCallback = async (context, cancel) =>
            {
                Interlocked.Increment(ref connects);
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                await socket.ConnectAsync(context.DnsEndPoint, cancel);
                return new NetworkStream(socket, ownsSocket: true);
            },
        })
        { BaseAddress = gateway.BaseAddress };
        var token = _scenario.AccessToken();
        var tampered = token[..^2] + (token[^2] == 'A' ? "B" : "A") + token[^1];
        var otherScope = _scenario.AccessToken("orders/write");

        async Task<HttpResponseMessage> Get(string authorization)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/orders/1");
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
            return await client.SendAsync(request);
        }

        Assert.Equal(HttpStatusCode.OK, (await Get("Bearer " + token)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Get("Bearer " + token)).StatusCode);
        var forged = await Get("Bearer " + tampered);
        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        Assert.Equal("bad_signature", await gateway.ReasonAsync(forged));
        var wrongScope = await Get("Bearer " + otherScope);
        Assert.Equal(HttpStatusCode.Unauthorized, wrongScope.StatusCode);
        Assert.Equal("scope_mismatch", await gateway.ReasonAsync(wrongScope));

        // The bare token (API Gateway's documented form) is the same token in a different header value.
        Assert.Equal(HttpStatusCode.OK, (await Get(token)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Get("Bearer " + token)).StatusCode);
        Assert.Equal(1, connects);
    }

    [Fact]
    public void KeyFor_SameTokenAndAuthorizerOnly()
    {
        var cache = new TokenResultCache(TimeProvider.System);
        var items = new ConnectionItems();
        const string token = "header.payload.signature";

        var first = ConnectionTokenKey.KeyFor(Http11(items), cache, "main", BearerTokenReader.Read("Bearer " + token));

        // Another string with the same token (Kestrel may or may not reuse the instance): the remembered key.
        Assert.Equal(first, ConnectionTokenKey.KeyFor(Http11(items), cache, "main", BearerTokenReader.Read(new string(token))));
        Assert.Equal(cache.KeyFor("main", token), first);
        Assert.Single(items.Items);

        // A different token, or the same token for another authorizer: its own key.
        Assert.Equal(cache.KeyFor("main", token + "x"), ConnectionTokenKey.KeyFor(Http11(items), cache, "main", BearerTokenReader.Read(token + "x")));
        Assert.Equal(cache.KeyFor("other", token), ConnectionTokenKey.KeyFor(Http11(items), cache, "other", BearerTokenReader.Read(token)));
        Assert.NotEqual(first, cache.KeyFor("other", token));
    }

    [Fact]
    public void KeyFor_Http2_NothingRemembered()
    {
        var cache = new TokenResultCache(TimeProvider.System);
        var items = new ConnectionItems();
        var context = Http11(items);
        context.Request.Protocol = HttpProtocol.Http2;

        Assert.Equal(cache.KeyFor("main", "a.b.c"), ConnectionTokenKey.KeyFor(context, cache, "main", BearerTokenReader.Read("a.b.c")));
        Assert.Empty(items.Items);
    }

    private static DefaultHttpContext Http11(ConnectionItems items)
    {
        var context = new DefaultHttpContext();
        context.Request.Protocol = HttpProtocol.Http11;
        context.Features.Set<IConnectionItemsFeature>(items);
        return context;
    }

    private sealed class ConnectionItems : IConnectionItemsFeature
    {
        public IDictionary<object, object?> Items { get; set; } = new Dictionary<object, object?>();
    }
}
