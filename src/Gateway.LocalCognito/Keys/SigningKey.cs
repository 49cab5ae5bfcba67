using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;

namespace Gateway.LocalCognito.Keys;

/// <summary>
/// One RS256 signing key. The kid is the RFC 7638 thumbprint of the public key, so it is stable across restarts
/// without being stored and changes whenever the key does.
/// </summary>
internal sealed class SigningKey
{
    private const int KeySizeInBits = 2048;
    private readonly RSAParameters privateParameters;

    private SigningKey(RSAParameters privateParameters)
    {
        this.privateParameters = privateParameters;
        var publicParameters = new RSAParameters { Modulus = privateParameters.Modulus, Exponent = privateParameters.Exponent };
        Kid = Base64UrlEncoder.Encode(new RsaSecurityKey(publicParameters).ComputeJwkThumbprint());
        Credentials = new SigningCredentials(new RsaSecurityKey(privateParameters) { KeyId = Kid }, SecurityAlgorithms.RsaSha256);
        PublicJwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(publicParameters) { KeyId = Kid });
        PublicJwk.Alg = SecurityAlgorithms.RsaSha256;
        PublicJwk.Use = JsonWebKeyUseNames.Sig;
    }

    public string Kid { get; }

    public SigningCredentials Credentials { get; }

    /// <summary>Public parameters only; what the JWKS endpoint publishes.</summary>
    public JsonWebKey PublicJwk { get; }

    public static SigningKey Generate()
    {
        using var rsa = RSA.Create(KeySizeInBits);
        return new SigningKey(rsa.ExportParameters(includePrivateParameters: true));
    }

    /// <exception cref="ArgumentException">The text holds no RSA private key.</exception>
    /// <exception cref="CryptographicException">The key is malformed or too small.</exception>
    public static SigningKey FromPem(string pem)
    {
        using var rsa = RSA.Create();
        rsa.ImportFromPem(pem);
        if (rsa.KeySize < KeySizeInBits)
        {
            throw new CryptographicException($"RSA keys must have at least {KeySizeInBits} bits.");
        }

        return new SigningKey(rsa.ExportParameters(includePrivateParameters: true));
    }

    public string ExportPem()
    {
        using var rsa = RSA.Create(privateParameters);
        return rsa.ExportPkcs8PrivateKeyPem();
    }
}
