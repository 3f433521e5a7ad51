using System.Text;

namespace Greenlets.Tests.Generator;

/// <summary>
/// Compares generated sources with the golden files under <c>Generator/Golden/&lt;case&gt;/&lt;hint&gt;</c>.
/// With <c>GREENLET_ACCEPT=1</c> in the environment it writes them instead of failing (and removes stale ones).
/// </summary>
internal static class GoldenFiles
{
    public const string AcceptVariable = "GREENLET_ACCEPT";

    public static bool Accepting => Environment.GetEnvironmentVariable(AcceptVariable) == "1";

    /// <summary>The folder holding the golden files of every case, in the source tree (not the build output).</summary>
    public static string Root { get; } = Path.Combine(FindProjectDirectory(), "Generator", "Golden");

    /// <summary>Checks that <paramref name="generated"/> (hint name to text) matches the folder of <paramref name="caseName"/> exactly.</summary>
    public static void Verify(string caseName, IReadOnlyDictionary<string, string> generated)
    {
        Assert.That(generated, Is.Not.Empty, $"{caseName}: the generator produced no source at all");
        var problems = Compare(Path.Combine(Root, caseName), caseName, generated, Accepting);
        if (problems.Length == 0)
        {
            return;
        }

        if (!Accepting)
        {
            Assert.Fail($"Generated sources differ from the golden files (set {AcceptVariable}=1 to accept):\n{problems}");
        }

        TestContext.Out.WriteLine($"Accepted new golden files for {caseName}:\n{problems}");
    }

    /// <summary>
    /// Compares the generated sources with the files in <paramref name="folder"/> and describes every difference,
    /// with a diff for changed files; an empty result means they match. With <paramref name="accept"/> it then
    /// makes the folder match.
    /// </summary>
    public static string Compare(string folder, string caseName, IReadOnlyDictionary<string, string> generated, bool accept)
    {
        var expectedFiles = Directory.Exists(folder)
            ? Directory.GetFiles(folder).ToDictionary(f => Path.GetFileName(f), f => Normalize(File.ReadAllText(f)), StringComparer.Ordinal)
            : new Dictionary<string, string>(StringComparer.Ordinal);

        var problems = new StringBuilder();
        foreach (var (hint, text) in generated.OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var actual = Normalize(text);
            if (!expectedFiles.TryGetValue(hint, out var expected))
            {
                problems.Append($"+++ new generated file {caseName}/{hint} (no golden file)\n");
            }
            else if (expected != actual)
            {
                problems.Append($"--- golden {caseName}/{hint}\n+++ generated {caseName}/{hint}\n");
                problems.Append(LineDiff.Unified(expected, actual));
            }
        }

        var stale = expectedFiles.Keys.Where(k => !generated.ContainsKey(k)).OrderBy(k => k, StringComparer.Ordinal).ToList();
        foreach (var hint in stale)
        {
            problems.Append($"--- golden file {caseName}/{hint} is no longer generated\n");
        }

        if (accept && problems.Length > 0)
        {
            Directory.CreateDirectory(folder);
            foreach (var hint in stale)
            {
                File.Delete(Path.Combine(folder, hint));
            }

            foreach (var (hint, text) in generated)
            {
                File.WriteAllText(Path.Combine(folder, hint), Normalize(text), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
            }
        }

        return problems.ToString();
    }

    /// <summary>Line endings as \n and no byte-order mark, so the check does not depend on the checkout.</summary>
    public static string Normalize(string text) => text.TrimStart('\uFEFF').Replace("\r\n", "\n");

    private static string FindProjectDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Greenlet.Tests.csproj")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"Greenlet.Tests.csproj not found above {AppContext.BaseDirectory}");
    }
}

/// <summary>A small line diff (longest common subsequence) printed with three lines of context.</summary>
internal static class LineDiff
{
    private const int Context = 3;

    public static string Unified(string expected, string actual)
    {
        var ops = Diff(expected.Split('\n'), actual.Split('\n'));
        var changes = Enumerable.Range(0, ops.Count).Where(k => ops[k].Kind != ' ').ToList();
        var output = new StringBuilder();
        var c = 0;
        while (c < changes.Count)
        {
            // A hunk runs while the gap to the next change is small enough for the contexts to touch.
            var first = changes[c];
            while (c + 1 < changes.Count && changes[c + 1] - changes[c] <= 2 * Context)
            {
                c++;
            }

            var start = Math.Max(0, first - Context);
            var end = Math.Min(ops.Count, changes[c] + Context + 1);
            output.Append($"@@ -{ops[start].OldLine + 1} +{ops[start].NewLine + 1} @@\n");
            for (var k = start; k < end; k++)
            {
                output.Append(ops[k].Kind).Append(ops[k].Text).Append('\n');
            }

            c++;
        }

        return output.ToString();
    }

    private static List<(char Kind, string Text, int OldLine, int NewLine)> Diff(string[] a, string[] b)
    {
        var lcs = new int[a.Length + 1, b.Length + 1];
        for (var x = a.Length - 1; x >= 0; x--)
        {
            for (var y = b.Length - 1; y >= 0; y--)
            {
                lcs[x, y] = a[x] == b[y] ? lcs[x + 1, y + 1] + 1 : Math.Max(lcs[x + 1, y], lcs[x, y + 1]);
            }
        }

        var ops = new List<(char, string, int, int)>();
        int i = 0, j = 0;
        while (i < a.Length || j < b.Length)
        {
            if (i < a.Length && j < b.Length && a[i] == b[j])
            {
                ops.Add((' ', a[i], i++, j++));
            }
            else if (i < a.Length && (j == b.Length || lcs[i + 1, j] >= lcs[i, j + 1]))
            {
                ops.Add(('-', a[i], i++, j));
            }
            else
            {
                ops.Add(('+', b[j], i, j++));
            }
        }

        return ops;
    }
}
