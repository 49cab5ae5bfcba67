using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Gateway.Health;

internal static class HealthResponseWriter
{
    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        var body = new Dictionary<string, object>
        {
            ["status"] = report.Status == HealthStatus.Healthy ? "ok" : "unavailable",
        };
        foreach (var (name, entry) in report.Entries)
        {
            body[name] = entry.Data.Count > 0 ? entry.Data : entry.Status.ToString();
        }

        return context.Response.WriteAsync(JsonSerializer.Serialize(body));
    }
}
