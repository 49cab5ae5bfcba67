using Microsoft.AspNetCore.Connections.Features;

namespace Gateway.Authentication;

/// <summary>
/// The cache key of the last token seen on an HTTP/1.x connection. A client on a keep-alive connection usually
/// sends the same token with every request; its key (a SHA-256 of the token) is then computed once per connection
/// rather than once per request (the hash goes through OpenSSL: in the load test, one reused token, about 1.8 user
/// CPU-us per request less, four alternating rounds). The key is a function of the
/// authorizer and the token alone, and it is reused only for the same authorizer and an identical token, so the
/// result is exact; the cache lookup itself (TTL, <c>exp</c>, key rotation) still runs on every request.
/// </summary>
/// <remarks>
/// Kept in Kestrel's connection items, which are not thread-safe: HTTP/2 streams of one connection run
/// concurrently, so there every request hashes. On HTTP/1.x one request runs at a time. The header value kept here
/// lives at most as long as the connection, as Kestrel's own copy does (it keeps a known header's string to reuse
/// it when the next request sends the same bytes); no other request can read it.
/// </remarks>
internal sealed class ConnectionTokenKey
{
    private string? _authorizer;
    private string? _source;
    private int _start;
    private int _length;
    private TokenCacheKey _key;

    public static TokenCacheKey KeyFor(HttpContext context, TokenResultCache cache, string authorizer, in BearerTokenReader.Result read)
    {
        var protocol = context.Request.Protocol;
        var items = HttpProtocol.IsHttp11(protocol) || HttpProtocol.IsHttp10(protocol)
            ? context.Features.Get<IConnectionItemsFeature>()?.Items
            : null;
        if (items is null)
        {
            return cache.KeyFor(authorizer, read.Span);
        }

        if (items.TryGetValue(typeof(ConnectionTokenKey), out var item) && item is ConnectionTokenKey last)
        {
            if (last.Matches(authorizer, read))
            {
                return last._key;
            }
        }
        else
        {
            last = new ConnectionTokenKey();
            items[typeof(ConnectionTokenKey)] = last;
        }

        var key = cache.KeyFor(authorizer, read.Span);
        last._authorizer = authorizer;
        last._source = read.Source;
        last._start = read.Start;
        last._length = read.Length;
        last._key = key;
        return key;
    }

    private bool Matches(string authorizer, in BearerTokenReader.Result read) =>
        string.Equals(_authorizer, authorizer, StringComparison.Ordinal)
        && _source is not null
        && (ReferenceEquals(_source, read.Source) && _start == read.Start && _length == read.Length
            || _source.AsSpan(_start, _length).SequenceEqual(read.Span));
}
