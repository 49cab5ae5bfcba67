namespace Gateway.LocalCognito.Keys;

/// <summary>
/// The two published keys. Cognito's JWKS always lists two keys; here the second is the previously active key,
/// so tokens signed before a rotation keep validating until they expire.
/// </summary>
internal sealed record KeyRing(SigningKey Active, SigningKey Previous)
{
    public IReadOnlyList<SigningKey> Published => [Active, Previous];
}
