using System.Text.RegularExpressions;
using Greenlets.Tests.Package;

namespace Greenlets.Tests.LowLevel;

/// <summary>
/// What real gevent printed for Gevent/callbacks_and_fd_waits.py, kept in Gevent/callbacks_and_fd_waits.out: the
/// expectations of the low-level tests whose semantics match gevent's.
/// </summary>
internal static partial class LowLevelGeventParity
{
    private static readonly string[] s_lines =
        File.ReadAllLines(Path.Combine(RepositoryFiles.Root, "Greenlet.Tests", "LowLevel", "Gevent", "callbacks_and_fd_waits.out"));

    /// <summary>The items of the line that starts with <paramref name="label"/>: a Python list's strings, or the rest of the line.</summary>
    public static IReadOnlyList<string> Expected(string label)
    {
        var line = s_lines.Single(l => l.StartsWith(label + ":", StringComparison.Ordinal))[(label.Length + 1)..].Trim();
        return line.StartsWith('[')
            ? PythonString().Matches(line).Select(m => m.Groups[1].Value).ToList()
            : [line];
    }

    [GeneratedRegex("'([^']*)'")]
    private static partial Regex PythonString();
}
