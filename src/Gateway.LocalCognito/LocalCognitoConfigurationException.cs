namespace Gateway.LocalCognito;

/// <summary>
/// Thrown by <see cref="LocalCognitoServer.StartAsync"/> when the configuration or the key file is unusable.
/// The message lists every problem, each naming its configuration key, so one start shows all fixes.
/// </summary>
public sealed class LocalCognitoConfigurationException : Exception
{
    public LocalCognitoConfigurationException(IReadOnlyList<string> errors)
        : base(FormatMessage(errors))
    {
        Errors = errors;
    }

    public IReadOnlyList<string> Errors { get; }

    private static string FormatMessage(IReadOnlyList<string> errors) =>
        "Local Cognito configuration is invalid:" + Environment.NewLine + string.Join(Environment.NewLine, errors.Select(e => "- " + e));
}
