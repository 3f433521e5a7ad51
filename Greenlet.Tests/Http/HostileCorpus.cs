using System.Text;

namespace Greenlets.Tests.Http;

/// <summary>One request of the hostile corpus: the status the server must answer with, why, and the raw bytes.</summary>
public sealed record HostileRequest(int ExpectedStatus, string Why, byte[] Bytes)
{
    public override string ToString() => $"{ExpectedStatus} {Why}";
}

/// <summary>Loads <c>Corpus/hostile-requests.tsv</c>, expanding its escapes and repetitions.</summary>
public static class HostileCorpus
{
    private static readonly Lazy<IReadOnlyList<HostileRequest>> s_all = new(Load);

    public static IReadOnlyList<HostileRequest> All => s_all.Value;

    public static IEnumerable<TestCaseData> Cases => All.Select(r => new TestCaseData(r).SetName($"{r.ExpectedStatus} {r.Why}"));

    private static IReadOnlyList<HostileRequest> Load()
    {
        var requests = new List<HostileRequest>();
        foreach (var line in File.ReadAllLines(Path.Combine(RepositoryRoot(), "Greenlet.Tests", "Http", "Corpus", "hostile-requests.tsv"), Encoding.UTF8))
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var fields = line.Split('\t', 3);
            requests.Add(new HostileRequest(int.Parse(fields[0]), fields[1], Unescape(Expand(fields[2]))));
        }

        return requests;
    }

    // {text*N} → text repeated N times.
    private static string Expand(string text)
    {
        var builder = new StringBuilder();
        var i = 0;
        while (i < text.Length)
        {
            var open = text.IndexOf('{', i);
            if (open < 0)
            {
                builder.Append(text, i, text.Length - i);
                break;
            }

            builder.Append(text, i, open - i);
            var close = text.IndexOf('}', open);
            var star = text.LastIndexOf('*', close);
            var repeated = text[(open + 1)..star];
            var times = int.Parse(text[(star + 1)..close]);
            for (var n = 0; n < times; n++)
            {
                builder.Append(repeated);
            }

            i = close + 1;
        }

        return builder.ToString();
    }

    private static byte[] Unescape(string text)
    {
        var raw = Encoding.UTF8.GetBytes(text);
        var bytes = new List<byte>(raw.Length);
        for (var i = 0; i < raw.Length; i++)
        {
            if (raw[i] != '\\')
            {
                bytes.Add(raw[i]);
                continue;
            }

            var escape = (char)raw[++i];
            switch (escape)
            {
                case 'r':
                    bytes.Add((byte)'\r');
                    break;
                case 'n':
                    bytes.Add((byte)'\n');
                    break;
                case 't':
                    bytes.Add((byte)'\t');
                    break;
                case '0':
                    bytes.Add(0);
                    break;
                case '\\':
                    bytes.Add((byte)'\\');
                    break;
                case 'x':
                    bytes.Add(Convert.ToByte(Encoding.ASCII.GetString(raw, i + 1, 2), 16));
                    i += 2;
                    break;
                default:
                    throw new FormatException($"unknown escape \\{escape} in the corpus");
            }
        }

        return [.. bytes];
    }

    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Greenlet.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("Greenlet.sln not found above the test directory");
    }
}
