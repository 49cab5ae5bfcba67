using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Net.Http.Headers;

namespace Gateway.LocalCognito.UserPoolApi;

/// <summary>
/// POST / in the AWS JSON 1.1 protocol: the operation is named by X-Amz-Target, errors carry
/// x-amzn-ErrorType and {"__type","message"}, which is what the AWS SDKs and the CLI parse.
/// </summary>
internal sealed class UserPoolApiHandler(InitiateAuthOperation initiateAuth, ILogger logger)
{
    private const string AmzJson = "application/x-amz-json-1.1";
    private const string InitiateAuthTarget = "AWSCognitoIdentityProviderService.InitiateAuth";

    public async Task HandleAsync(HttpContext context)
    {
        context.Response.Headers["x-amzn-RequestId"] = Guid.NewGuid().ToString();
        var target = context.Request.Headers["X-Amz-Target"].ToString();
        if (target != InitiateAuthTarget)
        {
            await WriteErrorAsync(context, AmzError.UnknownOperation(
                $"Operation '{target}' is not supported by the local Cognito service; only {InitiateAuthTarget} is."), clientId: null);
            return;
        }

        if (!IsJson(context.Request.ContentType))
        {
            await WriteErrorAsync(context, AmzError.Serialization($"Content-Type must be {AmzJson}."), clientId: null);
            return;
        }

        InitiateAuthRequest? request;
        try
        {
            request = await JsonSerializer.DeserializeAsync(context.Request.Body, LocalCognitoJsonContext.Default.InitiateAuthRequest, context.RequestAborted);
        }
        catch (Exception e) when (e is JsonException or BadHttpRequestException or IOException)
        {
            request = null;
        }

        if (request is null)
        {
            await WriteErrorAsync(context, AmzError.Serialization("The request body is not a valid InitiateAuth JSON object."), clientId: null);
            return;
        }

        var (response, error) = initiateAuth.Execute(request);
        if (error is not null)
        {
            await WriteErrorAsync(context, error, request.ClientId);
            return;
        }

        await context.Response.WriteAsJsonAsync(response!, LocalCognitoJsonContext.Default.InitiateAuthResponse, AmzJson);
    }

    // The SDKs send x-amz-json-1.1; plain JSON is accepted too so hand-written curl calls work.
    private static bool IsJson(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var mediaType)
        && (mediaType.MediaType.Equals(AmzJson, StringComparison.OrdinalIgnoreCase)
            || mediaType.MediaType.Equals("application/x-amz-json-1.0", StringComparison.OrdinalIgnoreCase)
            || mediaType.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase));

    private Task WriteErrorAsync(HttpContext context, AmzError error, string? clientId)
    {
        Log.UserPoolApiRejected(logger, error.Type, error.Message, clientId);
        context.Response.StatusCode = StatusCodes.Status400BadRequest;
        context.Response.Headers["x-amzn-ErrorType"] = error.Type + ":";
        return context.Response.WriteAsJsonAsync(new AmzErrorResponse(error.Type, error.Message), LocalCognitoJsonContext.Default.AmzErrorResponse, AmzJson);
    }
}
