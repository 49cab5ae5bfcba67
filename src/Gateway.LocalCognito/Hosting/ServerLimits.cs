namespace Gateway.LocalCognito.Hosting;

internal static class ServerLimits
{
    /// <summary>Token and sign-in requests are a few hundred bytes; anything bigger is rejected before parsing.</summary>
    public const int MaxRequestBodyBytes = 16 * 1024;
}
