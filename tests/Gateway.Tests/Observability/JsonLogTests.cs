using System.Text.Json;
using System.Text.Json.Nodes;
using Gateway.Tests.Infrastructure;

namespace Gateway.Tests.Observability;

/// <summary>
/// The request log as compact JSON for log shippers, configured as the README says: Serilog's
/// <c>RenderedCompactJsonFormatter</c> named in a sink's <c>formatter</c> argument. The File sink takes the
/// same argument as the Console sink and lets the test read what was written without touching the
/// process-wide console.
/// </summary>
public sealed class JsonLogTests : IClassFixture<GatewayScenario>
{
    private const string Formatter = "Serilog.Formatting.Compact.RenderedCompactJsonFormatter, Serilog.Formatting.Compact";

    private readonly GatewayScenario _scenario;

    public JsonLogTests(GatewayScenario scenario)
    {
        _scenario = scenario;
    }

    [Fact]
    public async Task RequestEvent_OneJsonObjectPerLine_WithRequestIdReasonAndRoute()
    {
        var path = Path.Combine(Path.GetTempPath(), "gateway-json-log-" + Guid.NewGuid().ToString("N") + ".json");
        try
        {
            string allowedId, refusedId;
            await using (var gateway = await _scenario.StartGatewayAsync(c => c.Set("Serilog", JsonNode.Parse($$"""
                {
                  "MinimumLevel": { "Default": "Information", "Override": { "Microsoft": "Warning" } },
                  "WriteTo": [ { "Name": "File", "Args": { "path": {{JsonSerializer.Serialize(path)}}, "formatter": "{{Formatter}}" } } ]
                }
                """))))
            {
                var allowed = await gateway.GetAsync("/orders/1", "Bearer " + _scenario.AccessToken());
                var refused = await gateway.GetAsync("/orders/1", "Bearer " + _scenario.AccessToken("orders/write"));
                allowedId = GatewayAssert.RequestId(allowed);
                refusedId = GatewayAssert.RequestId(refused);
                await gateway.Log.WaitForRequestEventAsync(refusedId);
            }

            // Disposing the host flushed and closed the file.
            var events = File.ReadAllLines(path).Select(line => JsonNode.Parse(line)!.AsObject()).ToList();
            var allowedEvent = Assert.Single(events, e => (string?)e["RequestId"] == allowedId && e["StatusCode"] is not null);
            var refusedEvent = Assert.Single(events, e => (string?)e["RequestId"] == refusedId && e["StatusCode"] is not null);

            Assert.Equal("allowed", (string?)allowedEvent["Reason"]);
            Assert.Equal("allow", (string?)allowedEvent["Decision"]);
            Assert.Equal("orders-read", (string?)allowedEvent["RouteId"]);
            Assert.Equal(GatewayScenario.ClientId, (string?)allowedEvent["ClientId"]);
            Assert.Equal(200, (int?)allowedEvent["StatusCode"]);
            Assert.NotNull(allowedEvent["@t"]);
            Assert.Contains("responded 200", (string?)allowedEvent["@m"]);

            Assert.Equal("scope_mismatch", (string?)refusedEvent["Reason"]);
            Assert.Equal("deny", (string?)refusedEvent["Decision"]);
            Assert.Equal(401, (int?)refusedEvent["StatusCode"]);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
