using Microsoft.AspNetCore.Http;

namespace Gateway.LocalCognito.Hosting;

/// <summary>Every unknown path, method or pool gets the same JSON 404 (never a 405 or an empty body).</summary>
internal static class NotFound
{
    public static Task WriteAsync(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status404NotFound;
        return context.Response.WriteAsJsonAsync(new MessageResponse("Not Found"), LocalCognitoJsonContext.Default.MessageResponse);
    }
}
