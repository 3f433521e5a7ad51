using System.Text;
using System.Text.RegularExpressions;

namespace Greenlets.Tests.Http.Conformance;

/// <summary>One request of a conformance corpus: its id (<c>file/heading-slug</c>), its category (the file) and its bytes.</summary>
public sealed record ConformanceCase(string Id, string Category, byte[] Bytes)
{
    public override string ToString() => Id;
}

/// <summary>
/// Reads requests written in llhttp's test format (<c>test/request/*.md</c>): a heading names a case, a <c>```http</c>
/// block holds its bytes. The block is decoded as llhttp's <c>test/md-test.ts</c> does, step for step, so the bytes
/// sent are the bytes llhttp's own tests parse.
/// </summary>
public static partial class LlhttpCaseReader
{
    public static IReadOnlyList<ConformanceCase> ReadDirectory(string directory) =>
        [.. Directory.GetFiles(directory, "*.md").Order(StringComparer.Ordinal).SelectMany(ReadFile)];

    public static IReadOnlyList<ConformanceCase> ReadFile(string path) =>
        Read(Path.GetFileNameWithoutExtension(path), File.ReadAllText(path, Encoding.UTF8));

    public static IReadOnlyList<ConformanceCase> Read(string category, string markdown)
    {
        var lines = markdown.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var cases = new List<ConformanceCase>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        string? heading = null;
        for (var i = 0; i < lines.Length; i++)
        {
            var match = HeadingPattern().Match(lines[i]);
            if (match.Success)
            {
                heading = match.Groups[1].Value.Trim();
                continue;
            }

            if (!lines[i].StartsWith("```http", StringComparison.Ordinal))
            {
                continue;
            }

            var block = new StringBuilder();
            for (i++; !lines[i].StartsWith("```", StringComparison.Ordinal); i++)
            {
                block.Append(lines[i]).Append('\n');
            }

            var id = $"{category}/{Slug(heading ?? throw new FormatException($"a block without a heading in {category}"))}";
            var count = seen[id] = seen.GetValueOrDefault(id) + 1;
            cases.Add(new ConformanceCase(count == 1 ? id : $"{id}-{count}", category, Decode(block.ToString())));
        }

        return cases;
    }

    /// <summary>md-test.ts's decoding: the same replacements in the same order (JavaScript's "\n$" is "\n\z" here).</summary>
    public static byte[] Decode(string block)
    {
        var input = TrailingNewline().Replace(block, "");
        input = EscapedNewline().Replace(input, "");
        input = AnyNewline().Replace(input, "\r\n");
        input = input.Replace("\\r", "\r", StringComparison.Ordinal)
            .Replace("\\n", "\n", StringComparison.Ordinal)
            .Replace("\\t", "\t", StringComparison.Ordinal)
            .Replace("\\f", "\f", StringComparison.Ordinal);
        input = HexEscape().Replace(input, m => ((char)Convert.ToInt32(m.Groups[1].Value, 16)).ToString());
        input = OctalEscape().Replace(input, m => ((char)Convert.ToInt32(m.Groups[1].Value, 8)).ToString());
        if (input.Contains("${", StringComparison.Ordinal))
        {
            throw new FormatException("inline JavaScript (${...}) in a case is not supported");
        }

        // A character up to U+00FF is one byte (latin1, as the corpus's own note on \xff says); others are UTF-8.
        var bytes = new List<byte>(input.Length);
        Span<byte> utf8 = stackalloc byte[4];
        foreach (var rune in input.EnumerateRunes())
        {
            if (rune.Value <= 0xFF)
            {
                bytes.Add((byte)rune.Value);
            }
            else
            {
                bytes.AddRange(utf8[..rune.EncodeToUtf8(utf8)]);
            }
        }

        return [.. bytes];
    }

    private static string Slug(string heading) => NotSlug().Replace(heading.ToLowerInvariant(), "-").Trim('-');

    [GeneratedRegex(@"^#{2,}\s+(.*)$")]
    private static partial Regex HeadingPattern();

    [GeneratedRegex(@"\n\z")]
    private static partial Regex TrailingNewline();

    [GeneratedRegex(@"\\(\r\n|\r|\n)")]
    private static partial Regex EscapedNewline();

    [GeneratedRegex(@"\r\n|\r|\n")]
    private static partial Regex AnyNewline();

    [GeneratedRegex(@"\\x([0-9a-fA-F]+)")]
    private static partial Regex HexEscape();

    [GeneratedRegex(@"\\([0-7]{1,3})")]
    private static partial Regex OctalEscape();

    [GeneratedRegex("[^a-z0-9]+")]
    private static partial Regex NotSlug();
}
