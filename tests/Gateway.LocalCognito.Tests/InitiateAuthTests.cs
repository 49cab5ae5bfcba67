using System.Net;
using System.Text.Json;
using Gateway.LocalCognito.Tests.Infrastructure;

namespace Gateway.LocalCognito.Tests;

public sealed class InitiateAuthTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task UserPasswordAuth_ReturnsCognitoShapedIdAndAccessTokens()
    {
        using var response = await fixture.Client.SendAsync(InitiateAuthRequests.UserPassword(TestPool.WebClientId, TestPool.Alice, TestPool.AlicePassword));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/x-amz-json-1.1", response.Content.Headers.ContentType?.MediaType);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(["AuthenticationResult", "ChallengeParameters"], TokenPayload.Names(body.RootElement));
        Assert.Equal(JsonValueKind.Object, body.RootElement.GetProperty("ChallengeParameters").ValueKind);
        var result = body.RootElement.GetProperty("AuthenticationResult");
        Assert.Equal(3600, result.GetProperty("ExpiresIn").GetInt32());
        Assert.Equal("Bearer", result.GetProperty("TokenType").GetString());

        var idToken = result.GetProperty("IdToken").GetString()!;
        var id = TokenPayload.Claims(idToken);
        Assert.Equal(
            ["aud", "auth_time", "cognito:groups", "cognito:username", "email", "email_verified", "event_id", "exp", "iat", "iss", "jti", "origin_jti", "sub", "token_use"],
            TokenPayload.Names(id));
        Assert.Equal("id", id.GetProperty("token_use").GetString());
        Assert.Equal(TestPool.WebClientId, id.GetProperty("aud").GetString());
        Assert.Equal(TestPool.Alice, id.GetProperty("cognito:username").GetString());
        Assert.Equal(JsonValueKind.Array, id.GetProperty("cognito:groups").ValueKind);
        Assert.Equal(["admins", "readers"], id.GetProperty("cognito:groups").EnumerateArray().Select(g => g.GetString()));
        Assert.Equal("alice@example.com", id.GetProperty("email").GetString());
        Assert.True(id.GetProperty("email_verified").GetBoolean());
        Assert.True(Guid.TryParse(id.GetProperty("sub").GetString(), out _));

        var accessToken = result.GetProperty("AccessToken").GetString()!;
        var access = TokenPayload.Claims(accessToken);
        Assert.Equal(
            ["auth_time", "client_id", "cognito:groups", "event_id", "exp", "iat", "iss", "jti", "origin_jti", "scope", "sub", "token_use", "username"],
            TokenPayload.Names(access));
        Assert.Equal("access", access.GetProperty("token_use").GetString());
        Assert.Equal(TestPool.Alice, access.GetProperty("username").GetString());
        Assert.Equal(TestPool.WebClientId, access.GetProperty("client_id").GetString());
        Assert.Equal("aws.cognito.signin.user.admin", access.GetProperty("scope").GetString());
        Assert.Equal(id.GetProperty("sub").GetString(), access.GetProperty("sub").GetString());
        Assert.Equal(id.GetProperty("origin_jti").GetString(), access.GetProperty("origin_jti").GetString());
        Assert.Equal(id.GetProperty("event_id").GetString(), access.GetProperty("event_id").GetString());

        await Jwks.AssertValidAsync(fixture.Server, idToken);
        await Jwks.AssertValidAsync(fixture.Server, accessToken);
    }

    [Fact]
    public async Task UserWithoutGroupsOrEmail_GetsNeitherClaim_AndAStableSub()
    {
        var first = await SignInBobAsync();
        var second = await SignInBobAsync();

        Assert.False(first.TryGetProperty("cognito:groups", out _));
        Assert.False(first.TryGetProperty("email", out _));
        Assert.False(first.TryGetProperty("email_verified", out _));
        Assert.Equal(first.GetProperty("sub").GetString(), second.GetProperty("sub").GetString());
        Assert.NotEqual(first.GetProperty("jti").GetString(), second.GetProperty("jti").GetString());
    }

    [Fact]
    public async Task WrongPassword_IsNotAuthorizedException()
    {
        using var response = await fixture.Client.SendAsync(InitiateAuthRequests.UserPassword(TestPool.WebClientId, TestPool.Alice, "wrong"));

        Assert.Equal("Incorrect username or password.", await InitiateAuthRequests.AssertErrorAsync(response, "NotAuthorizedException"));
    }

    [Fact]
    public async Task UnknownUser_LooksLikeAWrongPassword()
    {
        using var response = await fixture.Client.SendAsync(InitiateAuthRequests.UserPassword(TestPool.WebClientId, "mallory", "whatever"));

        Assert.Equal("Incorrect username or password.", await InitiateAuthRequests.AssertErrorAsync(response, "NotAuthorizedException"));
    }

    [Fact]
    public async Task ClientWithSecret_WithoutSecretHash_IsNotAuthorized()
    {
        using var response = await fixture.Client.SendAsync(InitiateAuthRequests.UserPassword(TestPool.TutorialClientId, TestPool.Alice, TestPool.AlicePassword));

        Assert.Equal(
            $"Unable to verify secret hash for client {TestPool.TutorialClientId}",
            await InitiateAuthRequests.AssertErrorAsync(response, "NotAuthorizedException"));
    }

    [Fact]
    public async Task ClientWithSecret_WithWrongSecretHash_IsNotAuthorized()
    {
        var hashForOtherUser = InitiateAuthRequests.SecretHash(TestPool.TutorialSecret, TestPool.Bob, TestPool.TutorialClientId);

        using var response = await fixture.Client.SendAsync(
            InitiateAuthRequests.UserPassword(TestPool.TutorialClientId, TestPool.Alice, TestPool.AlicePassword, hashForOtherUser));

        Assert.Equal(
            $"Unable to verify secret hash for client {TestPool.TutorialClientId}",
            await InitiateAuthRequests.AssertErrorAsync(response, "NotAuthorizedException"));
    }

    [Fact]
    public async Task ClientWithSecret_WithCorrectSecretHash_SignsIn()
    {
        var hash = InitiateAuthRequests.SecretHash(TestPool.TutorialSecret, TestPool.Alice, TestPool.TutorialClientId);

        using var response = await fixture.Client.SendAsync(
            InitiateAuthRequests.UserPassword(TestPool.TutorialClientId, TestPool.Alice, TestPool.AlicePassword, hash));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task UnknownClient_IsResourceNotFoundException()
    {
        using var response = await fixture.Client.SendAsync(InitiateAuthRequests.UserPassword("nobody", TestPool.Alice, TestPool.AlicePassword));

        await InitiateAuthRequests.AssertErrorAsync(response, "ResourceNotFoundException");
    }

    [Fact]
    public async Task OtherAuthFlow_IsInvalidParameterException()
    {
        using var response = await fixture.Client.SendAsync(InitiateAuthRequests.Create(new
        {
            AuthFlow = "USER_SRP_AUTH",
            ClientId = TestPool.WebClientId,
            AuthParameters = new { USERNAME = TestPool.Alice, SRP_A = "abc" },
        }));

        await InitiateAuthRequests.AssertErrorAsync(response, "InvalidParameterException");
    }

    [Fact]
    public async Task ClientWithoutUserPasswordAuth_IsInvalidParameterException()
    {
        using var response = await fixture.Client.SendAsync(
            InitiateAuthRequests.UserPassword(TestPool.UserPasswordDisabledClientId, TestPool.Alice, TestPool.AlicePassword));

        Assert.Equal(
            "USER_PASSWORD_AUTH flow not enabled for this client",
            await InitiateAuthRequests.AssertErrorAsync(response, "InvalidParameterException"));
    }

    [Fact]
    public async Task UnknownTarget_IsUnknownOperationException()
    {
        using var response = await fixture.Client.SendAsync(InitiateAuthRequests.Create(new { }, "AWSCognitoIdentityProviderService.SignUp"));

        await InitiateAuthRequests.AssertErrorAsync(response, "UnknownOperationException");
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("null")]
    [InlineData("[]")]
    [InlineData("""{"AuthFlow":"USER_PASSWORD_AUTH","ClientId":42}""")]
    [InlineData("""{"AuthFlow":"USER_PASSWORD_AUTH","ClientId":"web-client","AuthParameters":{"USERNAME":["alice"]}}""")]
    public async Task MalformedBody_IsSerializationException(string json)
    {
        using var response = await fixture.Client.SendAsync(InitiateAuthRequests.Raw(json));

        await InitiateAuthRequests.AssertErrorAsync(response, "SerializationException");
    }

    private async Task<JsonElement> SignInBobAsync()
    {
        using var response = await fixture.Client.SendAsync(InitiateAuthRequests.UserPassword(TestPool.WebClientId, TestPool.Bob, TestPool.BobPassword));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return TokenPayload.Claims(body.RootElement.GetProperty("AuthenticationResult").GetProperty("IdToken").GetString()!);
    }
}
