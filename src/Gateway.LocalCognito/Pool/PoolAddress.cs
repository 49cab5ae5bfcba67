namespace Gateway.LocalCognito.Pool;

/// <summary>
/// Holds the advertised URLs. With port 0 they are only known once Kestrel has bound, so handlers read
/// them through this holder; a request racing the start gets a 503 instead of a token with a wrong issuer.
/// </summary>
internal sealed class PoolAddress
{
    private volatile PoolUrls? urls;

    public bool IsReady => urls is not null;

    public PoolUrls Urls => urls ?? throw new InvalidOperationException("The local Cognito service has not finished starting.");

    public void Publish(PoolUrls value) => urls = value;
}
