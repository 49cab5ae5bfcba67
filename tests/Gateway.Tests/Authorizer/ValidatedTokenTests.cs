using Gateway.Authentication;

namespace Gateway.Tests.Authorizer;

/// <summary>
/// A cached token keeps each string once: claim header values equal to the client id, the subject or the single
/// scope are the same instances (50,000 entries fill the result cache, so copies are megabytes).
/// </summary>
public sealed class ValidatedTokenTests
{
    [Fact]
    public void New_SharesEqualStrings_AndKeepsTheValues()
    {
        // Separate instances with equal text, as parsing the claims and the payload produces them.
        var clientId = new string("app-client".AsSpan());
        var subject = new string("app-client".AsSpan());
        var scope = new string("orders/read".AsSpan());
        var headers = new KeyValuePair<string, string>[]
        {
            new("X-Client-Id", new string("app-client".AsSpan())),
            new("X-Scopes", new string("orders/read".AsSpan())),
            new("X-User-Name", "someone"),
        };

        var token = new ValidatedToken(new string("access".AsSpan()), clientId, subject, [scope], DateTimeOffset.UnixEpoch, headers);

        Assert.Same(token.ClientId, token.Subject);
        Assert.Same(token.ClientId, token.ClaimHeaders[0].Value);
        Assert.Same(token.Scopes[0], token.ClaimHeaders[1].Value);
        Assert.Same("access", token.TokenUse);
        Assert.True(token.IsAccessToken);
        Assert.Equal(
            [new("X-Client-Id", "app-client"), new("X-Scopes", "orders/read"), new("X-User-Name", "someone")],
            token.ClaimHeaders);
    }

    [Fact]
    public void New_KeepsDifferentStringsApart()
    {
        var token = new ValidatedToken("id", "web-client", "user-1", [], DateTimeOffset.UnixEpoch, [new("X-User-Sub", "user-1"), new("X-Client-Id", "web-client")]);

        Assert.Equal("user-1", token.Subject);
        Assert.Equal("web-client", token.ClientId);
        Assert.Same(token.Subject, token.ClaimHeaders[0].Value);
        Assert.Same(token.ClientId, token.ClaimHeaders[1].Value);
        Assert.False(token.IsAccessToken);
    }
}
