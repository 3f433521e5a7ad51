using System.Collections;
using System.Text;

namespace Greenlets;

/// <summary>
/// The header fields of an <see cref="HttpRequest"/>, read in place: names match case-insensitively, and a
/// value becomes a string only when asked for. Valid until the handler returns.
/// </summary>
/// <remarks>gevent: the <c>HTTP_*</c> keys of the WSGI <c>environ</c>.</remarks>
public readonly struct HttpRequestHeaders : IEnumerable<KeyValuePair<string, string>>
{
    private readonly HttpRequest _request;

    internal HttpRequestHeaders(HttpRequest request) => _request = request;

    /// <summary>How many header fields the request has (repeated names count once each).</summary>
    public int Count => _request.HeaderCount;

    /// <summary>The value of the first field named <paramref name="name"/>, or null.</summary>
    /// <param name="name">The field name, in any case.</param>
    /// <remarks>gevent: <c>environ.get('HTTP_' + NAME)</c>.</remarks>
    public string? this[string name] => TryGetValue(name, out var value) ? value : null;

    /// <summary>Whether a field named <paramref name="name"/> is present.</summary>
    /// <param name="name">The field name, in any case.</param>
    /// <returns>True if present.</returns>
    public bool Contains(string name) => IndexOf(name) >= 0;

    /// <summary>Gets the value of the first field named <paramref name="name"/>.</summary>
    /// <param name="name">The field name, in any case.</param>
    /// <param name="value">Its value, with surrounding whitespace removed.</param>
    /// <returns>True if the field is present.</returns>
    public bool TryGetValue(string name, out string value)
    {
        var index = IndexOf(name);
        value = index < 0 ? "" : Latin1(_request.HeaderValue(index));
        return index >= 0;
    }

    /// <summary>The values of every field named <paramref name="name"/>, in order.</summary>
    /// <param name="name">The field name, in any case.</param>
    /// <returns>The values; empty when there is none.</returns>
    public IReadOnlyList<string> GetValues(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var values = new List<string>();
        for (var i = 0; i < _request.HeaderCount; i++)
        {
            if (NameEquals(_request.HeaderName(i), name))
            {
                values.Add(Latin1(_request.HeaderValue(i)));
            }
        }

        return values;
    }

    /// <summary>Enumerates every field as (name as sent, value).</summary>
    /// <returns>The enumerator.</returns>
    public IEnumerator<KeyValuePair<string, string>> GetEnumerator()
    {
        for (var i = 0; i < _request.HeaderCount; i++)
        {
            yield return new(Latin1(_request.HeaderName(i)), Latin1(_request.HeaderValue(i)));
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private int IndexOf(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        for (var i = 0; i < _request.HeaderCount; i++)
        {
            if (NameEquals(_request.HeaderName(i), name))
            {
                return i;
            }
        }

        return -1;
    }

    private static bool NameEquals(ReadOnlySpan<byte> raw, string name)
    {
        if (raw.Length != name.Length)
        {
            return false;
        }

        for (var i = 0; i < raw.Length; i++)
        {
            if (char.ToLowerInvariant((char)raw[i]) != char.ToLowerInvariant(name[i]))
            {
                return false;
            }
        }

        return true;
    }

    // Field values are octets; latin-1 maps each to one char, as WSGI's environ does.
    private static string Latin1(ReadOnlySpan<byte> bytes) => Encoding.Latin1.GetString(bytes);
}
