using Serilog.Events;

namespace Gateway.Tests.ScaleOut;

internal static class LogEventExtensions
{
    /// <summary>The event's stable name (Microsoft.Extensions.Logging's EventId.Name), as a log-based metric matches it.</summary>
    public static string? EventName(this LogEvent e) =>
        e.Properties.TryGetValue("EventId", out var id) && id is StructureValue structure
            ? structure.Properties.FirstOrDefault(p => p.Name == "Name")?.Value is ScalarValue { Value: string name } ? name : null
            : null;
}
