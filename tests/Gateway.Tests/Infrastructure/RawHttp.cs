using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Gateway.Tests.Infrastructure;

/// <summary>
/// Sends a hand-written HTTP/1.1 request, for what HttpClient will not send (the same header on two lines).
/// </summary>
public static class RawHttp
{
    public static async Task<(HttpStatusCode Status, string Head, string Body)> SendAsync(Uri baseAddress, string method, string path, params (string Name, string Value)[] headers)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(baseAddress.Host, baseAddress.Port);
        var request = new StringBuilder()
            .Append($"{method} {path} HTTP/1.1\r\nHost: {baseAddress.Authority}\r\nConnection: close\r\n");
        foreach (var (name, value) in headers)
        {
            request.Append($"{name}: {value}\r\n");
        }

        request.Append("\r\n");
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request.ToString()));
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var text = await reader.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(20));
        var split = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var head = text[..split];
        var status = (HttpStatusCode)int.Parse(head.Split(' ')[1]);
        return (status, head, text[(split + 4)..]);
    }
}
