namespace Gateway.LocalCognito.UserPoolApi;

/// <summary>A user pool API error: the exception name the SDKs map to a type, and its message.</summary>
internal sealed record AmzError(string Type, string Message)
{
    public static AmzError NotAuthorized(string message) => new("NotAuthorizedException", message);

    public static AmzError InvalidParameter(string message) => new("InvalidParameterException", message);

    public static AmzError ResourceNotFound(string message) => new("ResourceNotFoundException", message);

    public static AmzError Serialization(string message) => new("SerializationException", message);

    public static AmzError UnknownOperation(string message) => new("UnknownOperationException", message);
}
