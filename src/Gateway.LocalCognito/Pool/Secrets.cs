using System.Security.Cryptography;
using System.Text;

namespace Gateway.LocalCognito.Pool;

/// <summary>Constant-time comparisons, so response timing does not reveal how much of a secret matched.</summary>
internal static class Secrets
{
    public static bool AreEqual(string? presented, string? expected)
    {
        if (presented is null || expected is null)
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), Encoding.UTF8.GetBytes(expected));
    }
}
