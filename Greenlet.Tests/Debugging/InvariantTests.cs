namespace Greenlets.Tests.Debugging;

/// <summary>
/// The runtime's Debug.Assert invariants: in Debug builds a broken one is recorded and fails its test, even where a
/// greenlet swallows the exception (DebugAssertsFailTests.cs); in Release builds they compile away. Each test breaks
/// one on purpose through the hub's internals, then claims the recorded failure so that it does not fail this test.
/// </summary>
[Category(TestCategories.Unit)]
public sealed class InvariantTests : HubTestBase
{
    [Test]
    public void WakingAGreenletThatIsNotParkedBreaksAnInvariantInPlainCode()
    {
        var scheduled = Greenlet.Spawn(() => { });
#if DEBUG
        var thrown = Assert.Throws<DebugAssertFailedException>(() => Hub.Wake(scheduled));
        Assert.That(thrown!.Message, Does.Contain("only a parked greenlet is woken"));
        Assert.That(ClaimFailures(), Has.Count.EqualTo(1));
#else
        Assert.DoesNotThrow(() => Hub.Wake(scheduled), "Release builds carry no asserts");
        Assert.That(scheduled.State, Is.EqualTo(GreenletState.Ready));
#endif
    }

    [Test]
    public void ABrokenInvariantInsideAGreenletIsRecordedThoughTheGreenletSwallowsIt()
    {
        var victim = Greenlet.Spawn(() => { });
        var culprit = Greenlet.Spawn(() => Hub.Wake(victim));
        culprit.Join();
#if DEBUG
        Assert.That(culprit.Exception, Is.TypeOf<DebugAssertFailedException>(), "the greenlet died of it, and the hub only reported that");
        Assert.That(ClaimFailures(), Has.Count.EqualTo(1).And.One.Contains("only a parked greenlet is woken"));
#else
        Assert.That(culprit.IsSuccessful, Is.True, "Release builds carry no asserts");
#endif
    }

    private static List<string> ClaimFailures()
    {
        var claimed = new List<string>();
        while (DebugAssertsFailTests.Failures.TryDequeue(out var failure))
        {
            claimed.Add(failure);
        }

        return claimed;
    }
}
