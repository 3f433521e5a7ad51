using Greenlets.Tests.Http.Conformance;

// Runs a corpus of the conformance suite against servers already listening on loopback and prints one table of
// pass rates, a column per server, then each server's failing cases.
// Usage: ConformanceDriver <cases directory> <verdicts.tsv> <name>=<port> [<name>=<port> ...]
if (args.Length < 3)
{
    Console.Error.WriteLine("usage: ConformanceDriver <cases directory> <verdicts.tsv> <name>=<port> ...");
    return 2;
}

var cases = LlhttpCaseReader.ReadDirectory(args[0]);
var verdicts = ConformanceVerdict.Load(args[1]);
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
