using System.Net;
using Gateway.Tests.Infrastructure;

namespace Gateway.Tests.Authorizer;

/// <summary>Driving the gateway's key refresh from a test, through its only trigger: a token with an unseen kid.</summary>
internal static class KeyRotation
{
    /// <summary>
    /// Sends a token signed with the pool's active key until it is accepted, waiting for the issuer's next JWKS
    /// fetch between tries (bounded: 5 s). Returns how many requests were refused before.
    /// </summary>
    public static async Task<int> SendUntilAcceptedAsync(GatewayHost gateway, GatewayScenario scenario, string token, TimeSpan? within = null)
    {
        var deadline = DateTimeOffset.UtcNow + (within ?? TimeSpan.FromSeconds(5));
        var refused = 0;
        while (true)
        {
            var fetch = scenario.Issuer.NextJwksFetch();
            var response = await gateway.GetAsync("/orders/1", "Bearer " + token);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                return refused;
            }

            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            refused++;
            var left = deadline - DateTimeOffset.UtcNow;
            Assert.True(left > TimeSpan.Zero, $"token with the new kid still refused after {refused} tries");

            // The fetch completes on the issuer when the JWKS is served; the gateway installs the keys just after,
            // hence also a short delay when no fetch comes (within the unknown-kid cooldown).
            await Task.WhenAny(fetch, Task.Delay(TimeSpan.FromMilliseconds(200)));
        }
    }

    /// <summary>Makes the gateway refetch the pool's keys now: the new active key's token triggers it.</summary>
    public static Task RefreshKeysAsync(GatewayHost gateway, GatewayScenario scenario) =>
        SendUntilAcceptedAsync(gateway, scenario, scenario.AccessToken());
}
