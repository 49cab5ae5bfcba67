using Microsoft.AspNetCore.Authentication;

namespace Gateway.Authentication;

/// <summary>A remembered refusal of a token; one shared instance per reason, so a hit allocates nothing.</summary>
internal sealed class CachedFailure
{
    private static readonly Dictionary<string, CachedFailure> ByReason = new(StringComparer.Ordinal);

    private CachedFailure(string reason)
    {
        Reason = reason;
        ResultTask = Task.FromResult(AuthenticateResult.Fail(reason));
    }

    public string Reason { get; }

    /// <summary>What authentication answers for the remembered refusal, made once so a hit allocates nothing.</summary>
    public Task<AuthenticateResult> ResultTask { get; }

    public static CachedFailure For(string reason)
    {
        lock (ByReason)
        {
            if (!ByReason.TryGetValue(reason, out var failure))
            {
                ByReason[reason] = failure = new CachedFailure(reason);
            }

            return failure;
        }
    }
}
