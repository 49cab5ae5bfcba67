namespace Gateway.Configuration;

internal enum ThrottlingPartition
{
    /// <summary>All callers of the route share one bucket.</summary>
    Route,

    /// <summary>Each app client (or, for anonymous callers, each source IP) has its own bucket per route.</summary>
    Client,
}
