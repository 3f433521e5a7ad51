using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Greenlets.Tests.Http.Conformance;

/// <summary>One case's outcome against one server.</summary>
public sealed record ConformanceResult(ConformanceCase Case, ConformanceVerdict Verdict, IReadOnlyList<int> Statuses)
{
    public bool Passed => Verdict.HoldsFor(Statuses);

    public string Observed => Statuses.Count == 0 ? "closed without an answer" : string.Join(",", Statuses);

    public override string ToString() => $"{Case.Id}: want {Verdict.Kind}{(Verdict.Kind == VerdictKind.Accept ? $":{Verdict.Requests}" : "")}, got {Observed}";
}

/// <summary>Runs a corpus against a server and tallies the pass rates by category.</summary>
public static partial class ConformanceRun
{
    /// <summary>How long a server may stay silent before the case counts as not served (it waits for more bytes).</summary>
    public static readonly TimeSpan CaseTimeout = TimeSpan.FromSeconds(2);

    /// <summary>How long after its last byte a server that keeps the connection open is taken to have said all.</summary>
    public static readonly TimeSpan QuietAfterAnswer = TimeSpan.FromMilliseconds(300);

    /// <summary>
    /// The cases that <paramref name="verdicts"/> judges, each with "Host: a" added after every HTTP/1.1 request line
    /// that starts a line and ends in CRLF: llhttp's cases mostly omit Host, which RFC 9112 §3.2 requires.
    /// </summary>
    public static IReadOnlyList<ConformanceCase> WithHostAdded(IReadOnlyList<ConformanceCase> cases, IReadOnlyDictionary<string, ConformanceVerdict> verdicts) =>
        [.. cases.Where(c => verdicts.ContainsKey(c.Id)).Select(c => c with { Bytes = WithHostAdded(c.Bytes) })];

    public static byte[] WithHostAdded(byte[] request) =>
        Encoding.Latin1.GetBytes(RequestLine().Replace(Encoding.Latin1.GetString(request), "$1Host: a\r\n"));

    [GeneratedRegex(@"(?<=\A|\n)([!-~]+ [!-~]+ HTTP/1\.1\r\n)")]
    private static partial Regex RequestLine();

    /// <summary>Checks that every case has a verdict and every verdict a case, so a changed corpus is noticed.</summary>
    public static void RequireOneVerdictPerCase(IReadOnlyList<ConformanceCase> cases, IReadOnlyDictionary<string, ConformanceVerdict> verdicts)
    {
        var unclassified = cases.Select(c => c.Id).Where(id => !verdicts.ContainsKey(id)).ToList();
        var missing = verdicts.Keys.Except(cases.Select(c => c.Id)).ToList();
        if (unclassified.Count > 0 || missing.Count > 0)
        {
            throw new InvalidDataException($"cases without a verdict: [{string.Join(", ", unclassified)}]; verdicts without a case: [{string.Join(", ", missing)}]");
        }
    }

    /// <summary>Sends every judged case to the server on <paramref name="port"/>, one connection each.</summary>
    public static IReadOnlyList<ConformanceResult> Run(IReadOnlyList<ConformanceCase> cases, IReadOnlyDictionary<string, ConformanceVerdict> verdicts, int port)
    {
        RequireOneVerdictPerCase(cases, verdicts);
        return [.. cases
            .Where(c => verdicts[c.Id].Kind != VerdictKind.Exclude)
            .Select(c => new ConformanceResult(c, verdicts[c.Id], ConformanceProbe.Statuses(port, c.Bytes, QuietAfterAnswer, CaseTimeout)))];
    }

    /// <summary>A Markdown table: one row per category, then the total, with one pass-rate column per server.</summary>
    public static string Table(IReadOnlyDictionary<string, ConformanceVerdict> verdicts, IReadOnlyList<(string Server, IReadOnlyList<ConformanceResult> Results)> runs)
    {
        var text = new StringBuilder();
        text.Append("| category | cases | excluded | judged |");
        foreach (var (server, _) in runs)
        {
            text.Append(CultureInfo.InvariantCulture, $" {server} |");
        }

        text.Append("\n|---|---:|---:|---:|");
        text.Append(string.Concat(runs.Select(_ => "---:|")));
        text.Append('\n');
        var categories = verdicts.Values.Select(v => v.Category).Distinct().Order(StringComparer.Ordinal).ToList();
        foreach (var category in categories.Append(null))
        {
            var inCategory = verdicts.Values.Where(v => category is null || v.Category == category).ToList();
            var excluded = inCategory.Count(v => v.Kind == VerdictKind.Exclude);
            text.Append(CultureInfo.InvariantCulture, $"| {category ?? "**all**"} | {inCategory.Count} | {excluded} | {inCategory.Count - excluded} |");
            foreach (var (_, results) in runs)
            {
                var judged = results.Where(r => category is null || r.Verdict.Category == category).ToList();
                text.Append(' ').Append(Rate(judged.Count(r => r.Passed), judged.Count)).Append(" |");
            }

            text.Append('\n');
        }

        return text.ToString();
    }

    private static string Rate(int passed, int judged) =>
        judged == 0 ? "–" : string.Create(CultureInfo.InvariantCulture, $"{passed}/{judged} ({100.0 * passed / judged:0.#}%)");
}
