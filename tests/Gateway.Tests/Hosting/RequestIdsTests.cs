using System.Collections.Concurrent;
using Gateway.Hosting;

namespace Gateway.Tests.Hosting;

/// <summary>x-amzn-RequestId values: RFC 9562 version 4 UUIDs, never repeated, on any thread.</summary>
public sealed class RequestIdsTests
{
    [Fact]
    public void Ids_AreVersion4Uuids_InTheDashedForm()
    {
        for (var i = 0; i < 500; i++)
        {
            var id = RequestIds.Next();

            Assert.Matches("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$", id);
            Assert.Equal(4, Guid.Parse(id).Version);
        }
    }

    [Fact]
    public async Task Ids_AreUnique_AcrossThreadsAndBatches()
    {
        // Several batches per thread, so a refill that reused bytes would show as a repeat.
        var seen = new ConcurrentDictionary<string, byte>();
        var workers = Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            for (var i = 0; i < 5_000; i++)
            {
                Assert.True(seen.TryAdd(RequestIds.Next(), 0));
            }
        }));

        await Task.WhenAll(workers);

        Assert.Equal(20_000, seen.Count);
    }
}
