namespace Greenlets.Tests.Http.Conformance;

/// <summary>
/// Autobahn's client-side cases of categories 1 to 7 against the server's WebSockets and an echo handler, over
/// loopback: each case holds, except those in <c>greenlet-autobahn-deviations.tsv</c>, which must still fail.
/// </summary>
[TestFixture]
[NonParallelizable]
[Category(TestCategories.Peer)]
public sealed partial class AutobahnSuiteTests : RealPeerTestBase
{
    [Test]
    public void EveryCaseHoldsExceptTheListedDeviations()
    {
        var deviations = ConformanceVerdict.LoadDeviations(Path.Combine(HostileCorpus.RepositoryRoot(), "Greenlet.Tests", "Http", "Conformance", "greenlet-autobahn-deviations.tsv"));
        using var server = Serve(new HttpServer("127.0.0.1", 0, TestHandlers.Hello) { WebSocketHandler = Echo });

        var results = OffHub(() => AutobahnCases.All.Select(c => AutobahnCaseRunner.Run(server.Port, c)).ToList(), 600);
        foreach (var category in results.GroupBy(r => r.Case.Category))
        {
            TestContext.Out.WriteLine($"| {category.Key} | {category.Count()} | {category.Count(r => r.Passed)} |");
        }

        TestContext.Out.WriteLine($"| all | {results.Count} | {results.Count(r => r.Passed)} |");
        var regressions = results.Where(r => !r.Passed && !deviations.ContainsKey(r.Case.Id)).Select(r => r.ToString()).ToList();
        var stale = deviations.Keys.Where(id => results.SingleOrDefault(r => r.Case.Id == id) is not { Passed: false }).ToList();
        Assert.That(regressions, Is.Empty, "cases that do not hold");
        Assert.That(stale, Is.Empty, "deviations that pass or name no case");
    }

    [Test]
    public void CaseIdsAreUnique() => Assert.That(AutobahnCases.All.Select(c => c.Id), Is.Unique);

    /// <summary>Autobahn's peer: every message back as it came, text as text, binary as binary.</summary>
    [Greenlet]
    public static void Echo(GreenWebSocket socket)
    {
        while (socket.Receive() is { } message)
        {
            if (message.IsText)
            {
                socket.Send(message.Text);
            }
            else
            {
                socket.Send(message.Data);
            }
        }
    }
}
