using System.Globalization;
using System.Text;

namespace Greenlets.Tests.Http.Conformance;

public enum VerdictKind
{
    /// <summary>The first <see cref="ConformanceVerdict.Requests"/> answers are 2xx and no further request is served.</summary>
    Accept,

    /// <summary>The first answer is a 4xx/5xx, or the server closes without a 2xx: no request is served.</summary>
    Reject,

    /// <summary>The request is valid so far but incomplete: the server answers nothing while it waits for the rest.</summary>
    Wait,

    /// <summary>Not judged: the case is about llhttp's API, or the RFCs leave the answer to the server (the why says which).</summary>
    Exclude,
}

/// <summary>What a strict server must do with one case, and why; one line of a verdicts file.</summary>
public sealed record ConformanceVerdict(string Id, string Category, VerdictKind Kind, int Requests, string Why)
{
    /// <summary>
    /// Whether the statuses a server answered with (in order, 1xx left out) keep the verdict. A second 2xx where one
    /// request was due is a request served out of bytes that were not one: what smuggling looks like from here.
    /// </summary>
    public bool HoldsFor(IReadOnlyList<int> statuses) => Kind switch
    {
        VerdictKind.Accept => statuses.Count >= Requests
            && statuses.Take(Requests).All(IsSuccess)
            && !statuses.Skip(Requests).Any(IsSuccess),
        VerdictKind.Reject => statuses.Count == 0 || statuses[0] >= 400,
        VerdictKind.Wait => statuses.Count == 0,
        _ => throw new InvalidOperationException($"{Id} is excluded and has no verdict to hold"),
    };

    private static bool IsSuccess(int status) => status is >= 200 and < 300;

    /// <summary>
    /// Reads a verdicts file: <c>id, category, verdict, why</c>, tab-separated; the verdict is <c>accept:N</c>,
    /// <c>reject</c>, <c>wait</c> or <c>exclude</c>; '#' starts a comment line.
    /// </summary>
    public static IReadOnlyDictionary<string, ConformanceVerdict> Load(string path)
    {
        var verdicts = new Dictionary<string, ConformanceVerdict>(StringComparer.Ordinal);
        foreach (var (line, number) in File.ReadAllLines(path, Encoding.UTF8).Select((l, i) => (l, i + 1)))
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var fields = line.Split('\t');
            if (fields.Length != 4 || fields[3].Length == 0)
            {
                throw new FormatException($"{path}:{number}: want id, category, verdict and why, tab-separated");
            }

            var verdict = fields[2] switch
            {
                "reject" => new ConformanceVerdict(fields[0], fields[1], VerdictKind.Reject, 0, fields[3]),
                "wait" => new ConformanceVerdict(fields[0], fields[1], VerdictKind.Wait, 0, fields[3]),
                "exclude" => new ConformanceVerdict(fields[0], fields[1], VerdictKind.Exclude, 0, fields[3]),
                var accept when accept.StartsWith("accept:", StringComparison.Ordinal) =>
                    new ConformanceVerdict(fields[0], fields[1], VerdictKind.Accept, int.Parse(accept[7..], CultureInfo.InvariantCulture), fields[3]),
                var other => throw new FormatException($"{path}:{number}: unknown verdict '{other}'"),
            };
            if (!verdicts.TryAdd(verdict.Id, verdict))
            {
                throw new FormatException($"{path}:{number}: {verdict.Id} is classified twice");
            }
        }

        return verdicts;
    }

    /// <summary>Reads a deviations file: <c>id, why</c>, tab-separated, one case a server is known to get wrong.</summary>
    public static IReadOnlyDictionary<string, string> LoadDeviations(string path) =>
        File.ReadAllLines(path, Encoding.UTF8)
            .Where(line => line.Length > 0 && line[0] != '#')
            .Select(line => line.Split('\t', 2))
            .ToDictionary(fields => fields[0], fields => fields.Length == 2 && fields[1].Length > 0
                ? fields[1]
                : throw new FormatException($"{path}: the deviation {fields[0]} has no reason"), StringComparer.Ordinal);
}
