namespace Greenlets.Tests.Http.Conformance;

/// <summary>A corpus of request cases with its verdicts and the list of cases Greenlet's server is known to get wrong.</summary>
public sealed record ConformanceCorpus(string Name, string CasesDirectory, string VerdictsPath, string DeviationsPath)
{
    /// <summary>Where llhttp's <c>test/request</c> directory is looked for when the variable is unset: beside the repository.</summary>
    public const string LlhttpVariable = "GREENLET_LLHTTP_REQUEST_CASES";

    public override string ToString() => Name;

    public IReadOnlyList<ConformanceCase> Cases => LlhttpCaseReader.ReadDirectory(CasesDirectory);

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

    /// <summary>The sample, and llhttp's corpus where it is found.</summary>
    public static IEnumerable<ConformanceCorpus> Available() => Llhttp is { } llhttp ? [Sample, llhttp] : [Sample];
}
