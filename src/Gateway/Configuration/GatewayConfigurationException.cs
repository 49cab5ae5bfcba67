namespace Gateway.Configuration;

/// <summary>The configuration cannot be served; the message lists every problem, one a line, each naming its key.</summary>
public sealed class GatewayConfigurationException : Exception
{
    public GatewayConfigurationException(IReadOnlyList<string> errors)
        : base(FormatMessage(errors))
    {
        Errors = errors;
    }

    public IReadOnlyList<string> Errors { get; }

    private static string FormatMessage(IReadOnlyList<string> errors) =>
        $"Gateway configuration is invalid ({errors.Count} error{(errors.Count == 1 ? "" : "s")}):{Environment.NewLine}  - "
        + string.Join($"{Environment.NewLine}  - ", errors);
}
