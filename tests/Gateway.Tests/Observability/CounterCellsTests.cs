using Gateway.Observability;

namespace Gateway.Tests.Observability;

/// <summary>The cells behind the gateway's per-request counters: one cumulative count per tag set.</summary>
public sealed class CounterCellsTests
{
    [Fact]
    public void Observe_OneMeasurementPerKey_WithItsCountAndTags()
    {
        var cells = new CounterCells<string>(key => [new("authorizer", key)]);

        cells.Add("main");
        cells.Add("main");
        cells.Add("other");

        var measured = cells.Observe().ToDictionary(m => (string)m.Tags[0].Value!, m => m.Value);
        Assert.Equal(2, measured.Count);
        Assert.Equal(2, measured["main"]);
        Assert.Equal(1, measured["other"]);
        Assert.All(cells.Observe(), m => Assert.Equal("authorizer", Assert.Single(m.Tags.ToArray()).Key));
    }

    [Fact]
    public void Add_KeysEqualByValue_ShareTheirCell()
    {
        var cells = new CounterCells<RequestCountKey>(key => [new("route", key.Route), new("reason", key.Reason)]);

        // A reload makes new strings for the same route id: still the same series.
        cells.Add(new RequestCountKey("hello", "200", "allow", "allowed"));
        cells.Add(new RequestCountKey(new string("hello".AsSpan()), "200", "allow", new string("allowed".AsSpan())));
        cells.Add(new RequestCountKey("hello", "401", "deny", "missing_token"));

        var counts = cells.Observe().Select(m => m.Value).Order().ToArray();
        Assert.Equal([1L, 2L], counts);
    }

    [Fact]
    public async Task Add_FromManyThreads_LosesNoIncrement()
    {
        var cells = new CounterCells<string>(key => [new("authorizer", key)]);

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            for (var i = 0; i < 10_000; i++)
            {
                cells.Add("main");
            }
        })));

        Assert.Equal(40_000, Assert.Single(cells.Observe()).Value);
    }
}
