using System.Collections;

namespace Greenlets;

/// <summary>
/// requests: <c>CaseInsensitiveDict</c> (<c>response.headers</c>); geventhttpclient: <c>Headers</c>. Header fields in
/// the order they were added or received; names compare without regard to case, and a name may repeat
/// (<c>Set-Cookie</c>).
/// </summary>
/// <remarks>
/// A response's fields are kept as the bytes received, and become strings the first time anything here reads them:
/// a response whose fields nobody reads allocates no string for them.
/// </remarks>
public sealed partial class GreenHttpHeaders : IEnumerable<KeyValuePair<string, string>>
{
    private readonly List<KeyValuePair<string, string>> _fields = [];

    /// <summary>How many fields there are, repeats included.</summary>
    public int Count
    {
        get
        {
            Materialize();
            return _fields.Count;
        }
    }

    /// <summary>requests: <c>headers.get(name)</c>. The first value of <paramref name="name"/>, or null.</summary>
    /// <param name="name">The field name, in any case.</param>
    public string? this[string name]
    {
        get
        {
            Materialize();
            foreach (var field in _fields)
            {
                if (string.Equals(field.Key, name, StringComparison.OrdinalIgnoreCase))
                {
                    return field.Value;
                }
            }

            return null;
        }
    }

    /// <summary>geventhttpclient: <c>headers.add(name, value)</c>. Adds a field after the others.</summary>
    /// <param name="name">The field name (a token).</param>
    /// <param name="value">The value, without CR or LF.</param>
    /// <exception cref="ArgumentException">A name that is not a token, or a value with CR, LF or NUL.</exception>
    public void Add(string name, string value)
    {
        Check(name, value);
        Materialize();
        _fields.Add(new(name, value));
    }

    /// <summary>requests: <c>headers[name] = value</c>. Replaces every field named <paramref name="name"/> with one.</summary>
    /// <param name="name">The field name.</param>
    /// <param name="value">The value.</param>
    /// <exception cref="ArgumentException">A name that is not a token, or a value with CR, LF or NUL.</exception>
    public void Set(string name, string value)
    {
        Check(name, value);
        Materialize();
        Remove(name);
        _fields.Add(new(name, value));
    }

    /// <summary>requests: <c>del headers[name]</c>. Removes every field named <paramref name="name"/>.</summary>
    /// <param name="name">The field name, in any case.</param>
    /// <returns>Whether any was there.</returns>
    public bool Remove(string name)
    {
        Materialize();
        return _fields.RemoveAll(field => string.Equals(field.Key, name, StringComparison.OrdinalIgnoreCase)) > 0;
    }

    /// <summary>requests: <c>name in headers</c>. Whether a field named <paramref name="name"/> is there.</summary>
    /// <param name="name">The field name, in any case.</param>
    /// <returns>True when there is one.</returns>
    public bool Contains(string name) => this[name] is not null;

    /// <summary>geventhttpclient: <c>headers.get_all(name)</c>. Every value of <paramref name="name"/>, in order.</summary>
    /// <param name="name">The field name, in any case.</param>
    /// <returns>The values; empty when there is none.</returns>
    public IReadOnlyList<string> GetValues(string name)
    {
        Materialize();
        var values = new List<string>();
        foreach (var field in _fields)
        {
            if (string.Equals(field.Key, name, StringComparison.OrdinalIgnoreCase))
            {
                values.Add(field.Value);
            }
        }

        return values;
    }

    /// <summary>The fields in order.</summary>
    /// <returns>An enumerator.</returns>
    public List<KeyValuePair<string, string>>.Enumerator GetEnumerator()
    {
        Materialize();
        return _fields.GetEnumerator();
    }

    IEnumerator<KeyValuePair<string, string>> IEnumerable<KeyValuePair<string, string>>.GetEnumerator() => GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>The fields as they would be sent, one <c>Name: value</c> line each.</summary>
    /// <returns>The text.</returns>
    public override string ToString()
    {
        Materialize();
        return string.Concat(_fields.Select(field => $"{field.Key}: {field.Value}\r\n"));
    }

    /// <summary>Adds a field copied from another request; it was checked there already.</summary>
    internal void AddReceived(string name, string value) => _fields.Add(new(name, value));

    private static void Check(string name, string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(value);
        foreach (var c in name)
        {
            if (c > 0x7f || !HttpCharacterClasses.IsToken((byte)c))
            {
                throw new ArgumentException($"\"{name}\" is not a valid header field name.", nameof(name));
            }
        }

        if (value.AsSpan().IndexOfAny('\r', '\n', '\0') >= 0)
        {
            throw new ArgumentException($"The value of \"{name}\" holds CR, LF or NUL.", nameof(value));
        }
    }
}
