using Gateway.Authentication;

namespace Gateway.Tests.Authorizer;

/// <summary>
/// The result cache under a flood of never-repeated tokens (a scan): it stays bounded, the tokens in real use
/// stay cached, and a forged token's refusal is still remembered. The request-path behaviour (TTL, exp, scope
/// checks, clearing on key withdrawal) is covered end to end in <see cref="ResultCacheTests"/>.
/// </summary>
public sealed class TokenResultCacheTests
{
    private static readonly TimeSpan Ttl = TimeSpan.FromMinutes(5);

    [Fact]
    public void OneOffTokenFlood_Bounded_TokenInUseStaysCached_FailuresStillRemembered()
    {
        var cache = new TokenResultCache(TimeProvider.System);
        var inUse = cache.KeyFor("main", "token-in-use");
        cache.Set(inUse, Token(), Ttl);
        Assert.IsType<ValidatedToken>(cache.Find(inUse));

        for (var i = 0; i < 3 * TokenResultCache.Capacity; i++)
        {
            var oneOff = cache.KeyFor("main", "one-off-" + i);
            cache.Set(oneOff, Token(), Ttl);
            if (i % 1000 == 0)
            {
                // The token in use keeps being used while the flood goes on.
                Assert.IsType<ValidatedToken>(cache.Find(inUse));
            }
        }

        // Past the threshold the cache admits only tokens validated before: the one-offs stopped filling it.
        Assert.True(cache.Count < TokenResultCache.Capacity * 7 / 10, $"{cache.Count} entries");
        Assert.IsType<ValidatedToken>(cache.Find(inUse));

        // A forged token repeated in a flood is remembered from its second refusal on.
        var forged = cache.KeyFor("main", "forged-token");
        cache.SetFailure(forged, ReasonCodes.BadSignature, Ttl);
        cache.SetFailure(forged, ReasonCodes.BadSignature, Ttl);
        Assert.Equal(ReasonCodes.BadSignature, Assert.IsType<CachedFailure>(cache.Find(forged)).Reason);
    }

    [Fact]
    public void FirstTokensOfAMinute_CachedAtOnce_PastTheThreshold_FromTheSecondValidation()
    {
        var cache = new TokenResultCache(TimeProvider.System);
        var early = cache.KeyFor("main", "early");
        cache.Set(early, Token(), Ttl);
        Assert.IsType<ValidatedToken>(cache.Find(early));

        // A few more than the threshold: a filler the doorkeeper takes for seen (a Bloom filter's false positive)
        // does not count as a new token.
        for (var i = 1; i < TokenResultCache.AdmissionThreshold + 1_000; i++)
        {
            cache.Set(cache.KeyFor("main", "filler-" + i), Token(), Ttl);
        }

        var late = cache.KeyFor("main", "late");
        cache.Set(late, Token(), Ttl);
        Assert.Null(cache.Find(late));
        cache.Set(late, Token(), Ttl);
        Assert.IsType<ValidatedToken>(cache.Find(late));
    }

    [Fact]
    public void Entry_NeverOutlivesExp_NorTheTtl()
    {
        var cache = new TokenResultCache(TimeProvider.System);
        var expired = cache.KeyFor("main", "expired");
        cache.Set(expired, Token(expiresIn: TimeSpan.FromSeconds(-1)), Ttl);
        Assert.Null(cache.Find(expired));

        var noTtl = cache.KeyFor("main", "ttl-zero");
        cache.Set(noTtl, Token(), TimeSpan.Zero);
        Assert.Null(cache.Find(noTtl));

        var notCacheable = cache.KeyFor("main", "unknown-kid");
        cache.SetFailure(notCacheable, ReasonCodes.UnknownKid, Ttl);
        Assert.Null(cache.Find(notCacheable));
    }

    private static ValidatedToken Token(TimeSpan? expiresIn = null) =>
        new ValidatedToken("access", "client", "sub", ["api/call"], DateTimeOffset.UtcNow + (expiresIn ?? TimeSpan.FromHours(1)), []);
}
