using Gateway.LocalCognito;

namespace Gateway.LocalDevelopment;

/// <summary>The <c>LocalCognito</c> and <c>DemoBackend</c> sections: what runs beside the gateway on a laptop.</summary>
internal sealed class LocalDevelopmentOptions
{
    public bool LocalCognitoEnabled { get; init; }

    public LocalCognitoOptions LocalCognito { get; init; } = new();

    public bool DemoBackendEnabled { get; init; }

    public string DemoBackendUrl { get; init; } = "http://127.0.0.1:5050";

    public static LocalDevelopmentOptions Read(IConfiguration configuration)
    {
        var cognito = configuration.GetSection("LocalCognito");
        var demo = configuration.GetSection("DemoBackend");
        var options = new LocalCognitoOptions();

        // Not bound strictly: the section also holds "Enabled", which is the gateway's; the token service
        // validates its own settings at start and names any bad key.
        cognito.Bind(options);
        return new LocalDevelopmentOptions
        {
            LocalCognitoEnabled = cognito.GetValue<bool>("Enabled"),
            LocalCognito = options,
            DemoBackendEnabled = demo.GetValue<bool>("Enabled"),
            DemoBackendUrl = demo["Url"] ?? "http://127.0.0.1:5050",
        };
    }
}
