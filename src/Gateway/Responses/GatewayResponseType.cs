namespace Gateway.Responses;

/// <summary>
/// A kind of response the gateway generates itself, named as API Gateway names them
/// (https://docs.aws.amazon.com/apigateway/latest/developerguide/supported-gateway-response-types.html),
/// with API Gateway's default status, <c>x-amzn-ErrorType</c> and message.
/// </summary>
internal sealed record GatewayResponseType(string Name, int StatusCode, string ErrorType, string Message)
{
    public static readonly GatewayResponseType Unauthorized =
        new("UNAUTHORIZED", StatusCodes.Status401Unauthorized, "UnauthorizedException", "Unauthorized");

    /// <summary>HTTP API style scope failure: 403 Forbidden.</summary>
    public static readonly GatewayResponseType AccessDenied =
        new("ACCESS_DENIED", StatusCodes.Status403Forbidden, "AccessDeniedException", "Forbidden");

    public static readonly GatewayResponseType MissingAuthenticationToken =
        new("MISSING_AUTHENTICATION_TOKEN", StatusCodes.Status403Forbidden, "MissingAuthenticationTokenException", "Missing Authentication Token");

    /// <summary>
    /// The user pool's keys could not be had. AWS documents no Cognito text for this case (Lambda authorizers
    /// answer <c>{"message": null}</c>); a message that says what failed is more useful to an operator.
    /// </summary>
    public static readonly GatewayResponseType AuthorizerConfigurationError =
        new("AUTHORIZER_CONFIGURATION_ERROR", StatusCodes.Status500InternalServerError, "AuthorizerConfigurationException", "Authorizer configuration error");

    public static readonly GatewayResponseType Throttled =
        new("THROTTLED", StatusCodes.Status429TooManyRequests, "TooManyRequestsException", "Too Many Requests");

    public static readonly GatewayResponseType RequestTooLarge =
        new("REQUEST_TOO_LARGE", StatusCodes.Status413PayloadTooLarge, "RequestTooLargeException", "Request Too Long");

    /// <summary>The backend could not be reached or failed mid-response.</summary>
    public static readonly GatewayResponseType IntegrationFailure =
        new("INTEGRATION_FAILURE", StatusCodes.Status502BadGateway, "IntegrationFailureException", "Bad Gateway");

    public static readonly GatewayResponseType IntegrationTimeout =
        new("INTEGRATION_TIMEOUT", StatusCodes.Status504GatewayTimeout, "IntegrationTimeoutException", "Endpoint request timed out");

    public static readonly GatewayResponseType Default4xx =
        new("DEFAULT_4XX", StatusCodes.Status400BadRequest, "BadRequestException", "Bad Request");

    public static readonly GatewayResponseType Default5xx =
        new("DEFAULT_5XX", StatusCodes.Status500InternalServerError, "InternalServerErrorException", "Internal server error");

    public static readonly IReadOnlyDictionary<string, GatewayResponseType> All =
        new[] { Unauthorized, AccessDenied, MissingAuthenticationToken, AuthorizerConfigurationError, Throttled, RequestTooLarge, IntegrationFailure, IntegrationTimeout, Default4xx, Default5xx }
            .ToDictionary(t => t.Name, StringComparer.OrdinalIgnoreCase);
}
