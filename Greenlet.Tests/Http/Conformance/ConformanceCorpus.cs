namespace Greenlets.Tests.Http.Conformance;

/// <summary>A corpus of request cases with its verdicts and the list of cases Greenlet's server is known to get wrong.</summary>
public sealed record ConformanceCorpus(string Name, string CasesDirectory, string VerdictsPath, string DeviationsPath, bool AddsHost = false)
{
    /// <summary>Where llhttp's <c>test/request</c> directory is looked for when the variable is unset: beside the repository.</summary>
    public const string LlhttpVariable = "GREENLET_LLHTTP_REQUEST_CASES";

    public override string ToString() => Name;

    /// <summary>The cases as sent: with <see cref="AddsHost"/>, only those the verdicts judge, with Host added.</summary>
    public IReadOnlyList<ConformanceCase> Cases => AddsHost
        ? ConformanceRun.WithHostAdded(LlhttpCaseReader.ReadDirectory(CasesDirectory), Verdicts)
        : LlhttpCaseReader.ReadDirectory(CasesDirectory);

    public IReadOnlyDictionary<string, ConformanceVerdict> Verdicts => ConformanceVerdict.Load(VerdictsPath);

    public IReadOnlyDictionary<string, string> Deviations => ConformanceVerdict.LoadDeviations(DeviationsPath);

    private static string Here => Path.Combine(HostileCorpus.RepositoryRoot(), "Greenlet.Tests", "Http", "Conformance");

    /// <summary>The suite's own cases, always in the repository.</summary>
    public static ConformanceCorpus Sample => new(
        "sample", Path.Combine(Here, "Sample"), Path.Combine(Here, "sample-verdicts.tsv"), Path.Combine(Here, "greenlet-sample-deviations.tsv"));

    /// <summary>
    /// llhttp's request cases, which this repository does not hold: from <see cref="LlhttpVariable"/>, else from
    /// <c>shared/conformance/llhttp/test/request</c> beside the repository; null when neither exists.
    /// </summary>
    public static ConformanceCorpus? Llhttp
    {
        get
        {
            var directory = Environment.GetEnvironmentVariable(LlhttpVariable) is { Length: > 0 } set
                ? set
                : Path.Combine(HostileCorpus.RepositoryRoot(), "..", "shared", "conformance", "llhttp", "test", "request");
            return Directory.Exists(directory)
                ? new("llhttp", directory, Path.Combine(Here, "llhttp-request-verdicts.tsv"), Path.Combine(Here, "greenlet-llhttp-deviations.tsv"))
                : null;
        }
    }

    /// <summary>llhttp's cases that want only a Host, with one added: what they were written to test.</summary>
    public static ConformanceCorpus? LlhttpWithHostAdded => Llhttp is { } llhttp
        ? new("llhttp, Host added", llhttp.CasesDirectory, Path.Combine(Here, "llhttp-request-verdicts-host-added.tsv"), Path.Combine(Here, "greenlet-llhttp-host-added-deviations.tsv"), AddsHost: true)
        : null;

    /// <summary>The sample, and llhttp's corpus (both readings) where it is found.</summary>
    public static IEnumerable<ConformanceCorpus> Available() =>
        Llhttp is { } llhttp ? [Sample, llhttp, LlhttpWithHostAdded!] : [Sample];
}
