namespace Gateway.Configuration;

internal sealed class SigningKeyOptions
{
    /// <summary>Keys are refetched this often even when nothing asks (IdentityModel's default is 12 h).</summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// After a fetch triggered by an unknown <c>kid</c>, no other is made for this long, so a burst of
    /// forged kids cannot hammer the user pool (aws-jwt-verify waits 10 s; JwtBearer 5 min, too long for rotation).
    /// </summary>
    public TimeSpan UnknownKidCooldown { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>A discovery or JWKS request taking longer than this fails, so no request waits on a hung issuer.</summary>
    public TimeSpan FetchTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The settings as a value, to tell whether a reload changed them.</summary>
    public (TimeSpan RefreshInterval, TimeSpan UnknownKidCooldown, TimeSpan FetchTimeout) Snapshot() =>
        (RefreshInterval, UnknownKidCooldown, FetchTimeout);
}
