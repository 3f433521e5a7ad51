namespace Greenlets.Tests.Http.Conformance;

/// <summary>
/// Every judged case of each corpus against a live server over loopback: each verdict holds, except the listed
/// deviations, and each listed deviation still fails (so the list stays true).
/// </summary>
[TestFixture]
[NonParallelizable]
[Category(TestCategories.Peer)]
public sealed class ConformanceSuiteTests : RealPeerTestBase
{
    public static IEnumerable<TestCaseData> Corpora => ConformanceCorpus.Available().Select(c => new TestCaseData(c).SetName($"Conformance({c.Name})"));

    [TestCaseSource(nameof(Corpora))]
    public void EveryVerdictHoldsExceptTheListedDeviations(ConformanceCorpus corpus)
    {
        var cases = corpus.Cases;
        var verdicts = corpus.Verdicts;
        var deviations = corpus.Deviations;
        using var server = Serve(new HttpServer("127.0.0.1", 0, TestHandlers.ReadBody));

        var results = OffHub(() => ConformanceRun.Run(cases, verdicts, server.Port), 600);
        TestContext.Out.WriteLine(ConformanceRun.Table(verdicts, [("Greenlet", results)]));

        var regressions = results.Where(r => !r.Passed && !deviations.ContainsKey(r.Case.Id)).Select(r => r.ToString()).ToList();
        var nowPassing = results.Where(r => r.Passed && deviations.ContainsKey(r.Case.Id)).Select(r => $"{r.Case.Id} passes: take it off the deviations").ToList();
        var unknown = deviations.Keys.Where(id => !results.Any(r => r.Case.Id == id)).Select(id => $"{id} is not a judged case").ToList();
        Assert.That(regressions, Is.Empty, "cases whose verdict does not hold");
        Assert.That(nowPassing.Concat(unknown), Is.Empty, "deviations that are no longer true");
    }
}
