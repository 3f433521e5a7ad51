using Greenlets.Tests.Http.Conformance;

// Runs a corpus of the conformance suite against servers already listening on loopback and prints one table of
// pass rates, a column per server, then each server's failing cases. --add-host sends only the cases the verdicts
// judge, with Host added (the suite's second reading of llhttp's corpus).
// Usage: ConformanceDriver [--add-host] <cases directory> <verdicts.tsv> <name>=<port> [<name>=<port> ...]
//        ConformanceDriver --autobahn <name>=<port> [...]   (the WebSocket cases, against an echo at any path)
if (args.Length > 1 && args[0] == "--autobahn")
{
    var servers = args[1..].Select(server => server.Split('=', 2)).Select(pair => (Server: pair[0], Results: AutobahnCases.All.Select(c => AutobahnCaseRunner.Run(int.Parse(pair[1]), c)).ToList())).ToList();
    Console.WriteLine($"| Autobahn category | cases | {string.Join(" | ", servers.Select(s => s.Server))} |");
    Console.WriteLine($"|---|---:|{string.Concat(servers.Select(_ => "---:|"))}");
    foreach (var category in AutobahnCases.All.Select(c => c.Category).Distinct().Append("all"))
    {
        var count = AutobahnCases.All.Count(c => category == "all" || c.Category == category);
        var rates = servers.Select(s => s.Results.Where(r => category == "all" || r.Case.Category == category).Count(r => r.Passed))
            .Select(passed => $"{passed}/{count} ({100.0 * passed / count:0.#}%)");
        Console.WriteLine($"| {category} | {count} | {string.Join(" | ", rates)} |");
    }

    foreach (var (server, results) in servers)
    {
        Console.WriteLine();
        Console.WriteLine($"{server}: failing cases");
        foreach (var failed in results.Where(r => !r.Passed))
        {
            Console.WriteLine($"  {failed}");
        }
    }

    return 0;
}

var addHost = args.Length > 0 && args[0] == "--add-host";
args = addHost ? args[1..] : args;
if (args.Length < 3)
{
    Console.Error.WriteLine("usage: ConformanceDriver [--add-host] <cases directory> <verdicts.tsv> <name>=<port> ...");
    return 2;
}

var verdicts = ConformanceVerdict.Load(args[1]);
var cases = addHost
    ? ConformanceRun.WithHostAdded(LlhttpCaseReader.ReadDirectory(args[0]), verdicts)
    : LlhttpCaseReader.ReadDirectory(args[0]);
var runs = args[2..]
    .Select(server => server.Split('=', 2))
    .Select(pair => (Server: pair[0], Results: ConformanceRun.Run(cases, verdicts, int.Parse(pair[1]))))
    .ToList();

Console.Write(ConformanceRun.Table(verdicts, runs));
foreach (var (server, results) in runs)
{
    Console.WriteLine();
    Console.WriteLine($"{server}: failing cases");
    foreach (var failed in results.Where(r => !r.Passed))
    {
        Console.WriteLine($"  {failed}");
    }
}

return 0;
