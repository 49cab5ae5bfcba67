namespace Gateway.Configuration;

internal sealed class HealthOptions
{
    public string LivePath { get; set; } = "/healthz";

    public string ReadyPath { get; set; } = "/readyz";
}
