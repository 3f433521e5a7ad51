using System.Text;

namespace Greenlets.Tests.Http.Conformance;

/// <summary>The suite's reading of llhttp's format, of the verdict files, and how a verdict is judged.</summary>
[TestFixture]
[Category(TestCategories.Unit)]
public sealed class ConformanceVerdictTests
{
    [Test]
    public void ABlockIsDecodedAsLlhttpsTestsDecodeIt()
    {
        const string Markdown = "Title\n=====\n\n### A case\n\n<!-- meta={\"type\": \"request\"} -->\n```http\nGET / HTTP/1.1\\\nX\nA: \\t\\x41\\101\\f\\r\\n\n\n\n```\n";
        var cases = LlhttpCaseReader.Read("file", Markdown);

        Assert.That(cases.Select(c => c.Id), Is.EqualTo(new[] { "file/a-case" }));
        Assert.That(Encoding.Latin1.GetString(cases[0].Bytes), Is.EqualTo("GET / HTTP/1.1X\r\nA: \tAA\f\r\n\r\n\r\n"));
    }

    [Test]
    public void RepeatedHeadingsGetNumberedIds()
    {
        const string Markdown = "### Same\n```http\nA\n```\n### Same\n```http\nB\n```\n";
        Assert.That(LlhttpCaseReader.Read("f", Markdown).Select(c => c.Id), Is.EqualTo(new[] { "f/same", "f/same-2" }));
    }

    [Test]
    public void AcceptWantsExactlyThatManyServedRequests()
    {
        var acceptTwo = new ConformanceVerdict("x", "c", VerdictKind.Accept, 2, "why");
        Assert.That(acceptTwo.HoldsFor([200, 200]), Is.True);
        Assert.That(acceptTwo.HoldsFor([200, 200, 400]), Is.True, "an error for trailing bytes serves nothing");
        Assert.That(acceptTwo.HoldsFor([200, 200, 200]), Is.False, "a third request served is one too many");
        Assert.That(acceptTwo.HoldsFor([200]), Is.False);
        Assert.That(acceptTwo.HoldsFor([200, 400]), Is.False);
    }

    [Test]
    public void RejectWantsNoServedFirstRequest()
    {
        var reject = new ConformanceVerdict("x", "c", VerdictKind.Reject, 0, "why");
        Assert.That(reject.HoldsFor([400]), Is.True);
        Assert.That(reject.HoldsFor([]), Is.True, "closing without an answer refuses too");
        Assert.That(reject.HoldsFor([501]), Is.True);
        Assert.That(reject.HoldsFor([200, 400]), Is.False);
    }

    [Test]
    public void StatusesAreReadFromTheResponseStreamByItsFraming()
    {
        const string Responses = "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 15\r\n\r\nHTTP/1.1 999 noHTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\nHTTP/1.1 400 Bad Request\r\n\r\n";
        Assert.That(ConformanceProbe.StatusesIn(Responses), Is.EqualTo(new[] { 200, 200, 400 }), "a status line in a body is not one");
        Assert.That(ConformanceProbe.StatusesIn(""), Is.Empty);
    }

    [Test]
    public void WaitWantsNoAnswer()
    {
        var wait = new ConformanceVerdict("x", "c", VerdictKind.Wait, 0, "why");
        Assert.That(wait.HoldsFor([]), Is.True);
        Assert.That(wait.HoldsFor([400]), Is.False);
    }

    [Test]
    public void HostIsAddedAfterEveryRequestLineThatEndsInCrlf()
    {
        var request = Encoding.Latin1.GetBytes("\r\nGET / HTTP/1.1\r\nA: b\r\n\r\nabc PUT /x HTTP/1.1\r\n\r\nPOST /y HTTP/1.1\r\n\r\nGET /z HTTP/1.1\n\n");
        Assert.That(
            Encoding.Latin1.GetString(ConformanceRun.WithHostAdded(request)),
            Is.EqualTo("\r\nGET / HTTP/1.1\r\nHost: a\r\nA: b\r\n\r\nabc PUT /x HTTP/1.1\r\n\r\nPOST /y HTTP/1.1\r\nHost: a\r\n\r\nGET /z HTTP/1.1\n\n"));
    }

    [Test]
    public void EveryVerdictFileHasAReasonForEachLineAndADeviationOnlyForAJudgedCase()
    {
        foreach (var corpus in ConformanceCorpus.Available())
        {
            var verdicts = corpus.Verdicts;
            Assert.That(verdicts.Values.Where(v => string.IsNullOrWhiteSpace(v.Why)), Is.Empty);
            Assert.That(corpus.Deviations.Keys.Where(id => !verdicts.TryGetValue(id, out var v) || v.Kind == VerdictKind.Exclude), Is.Empty);
            Assert.DoesNotThrow(() => ConformanceRun.RequireOneVerdictPerCase(corpus.Cases, verdicts));
        }
    }
}
