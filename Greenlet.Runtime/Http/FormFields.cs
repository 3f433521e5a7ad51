namespace Greenlets;

/// <summary>Parses <c>application/x-www-form-urlencoded</c> text and query strings.</summary>
public static class FormFields
{
    /// <summary>Splits <c>a=1&amp;b=x+y</c> into its fields, decoding <c>+</c> and percent escapes; the last value of a repeated name wins.</summary>
    /// <param name="text">The encoded text (a body or a query string).</param>
    /// <returns>The fields.</returns>
    /// <remarks>gevent: <c>urllib.parse.parse_qs</c>.</remarks>
    public static IReadOnlyDictionary<string, string> Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var fields = new Dictionary<string, string>();
        foreach (var pair in text.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=');
            var name = Decode(equals < 0 ? pair : pair[..equals]);
            fields[name] = equals < 0 ? "" : Decode(pair[(equals + 1)..]);
        }

        return fields;
    }

    private static string Decode(string text) => Uri.UnescapeDataString(text.Replace('+', ' '));
}
