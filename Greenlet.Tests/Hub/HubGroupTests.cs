using System.Collections.Concurrent;

namespace Greenlets.Tests.Hub;

/// <summary>
/// HubGroup: one named thread and one hub per index, each with its own clock and its own deterministic order; a
/// failing hub is reported by name and cancels the others, which run their finally blocks.
/// </summary>
[Category(TestCategories.Unit)]
public sealed partial class HubGroupTests
{
    private readonly ConcurrentDictionary<int, string> _seen = new();
    private readonly ConcurrentQueue<string> _log = new();

    [SetUp]
    public void Clear()
    {
        _seen.Clear();
        _log.Clear();
    }

    [Greenlet]
    private void Describe(int index)
    {
        var hub = global::Greenlets.Hub.Current;
        _seen[index] = $"{Thread.CurrentThread.Name} {hub.GetHashCode()} {Environment.CurrentManagedThreadId}";
    }

    [Test]
    public void EachHubRunsTheEntryOnItsOwnNamedThreadWithItsIndex()
    {
        HubGroup.Run(4, Describe);

        Assert.That(_seen.Keys.Order(), Is.EqualTo(new[] { 0, 1, 2, 3 }));
        for (var index = 0; index < 4; index++)
        {
            Assert.That(_seen[index], Does.StartWith($"greenlet-hub-{index} "));
        }

        Assert.That(_seen.Values.Select(static v => v.Split(' ')[1]).Distinct().Count(), Is.EqualTo(4), "one hub per thread");
        Assert.That(_seen.Values.Select(static v => v.Split(' ')[2]).Distinct().Count(), Is.EqualTo(4), "one thread per hub");
    }

    [Greenlet]
    private void SleepByIndex(int index)
    {
        Greenlet.Sleep(1000 * (index + 1));
        _seen[index] = global::Greenlets.Hub.Current.Now.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    [Test]
    public void EachHubHasItsOwnVirtualClock()
    {
        HubGroup.Run(3, SleepByIndex, static _ => HubClock.Virtual());

        Assert.That(_seen.OrderBy(static p => p.Key).Select(static p => p.Value), Is.EqualTo(new[] { "1000", "2000", "3000" }));
    }

    [Greenlet]
    private static void Step(List<string> log, string name, int turns)
    {
        for (var i = 0; i < turns; i++)
        {
            log.Add($"{name}{i}");
            Greenlet.Sleep(i % 2 == 0 ? 0 : 0.5);
        }
    }

    [Greenlet]
    private void Interleave(int index)
    {
        var log = new List<string>();
        Greenlet.JoinAll(Greenlet.Spawn(Step, log, "a", 4), Greenlet.Spawn(Step, log, "b", 3), Greenlet.Spawn(Step, log, "c", 2));
        _seen[index] = string.Join(" ", log);
    }

    [Test]
    public void EveryHubKeepsTheSingleHubOrder()
    {
        using (global::Greenlets.Hub.Install(HubClock.Virtual()))
        {
            Interleave(-1); // the order one hub gives on its own
        }

        var alone = _seen[-1];
        _seen.Clear();
        HubGroup.Run(4, Interleave, static _ => HubClock.Virtual());

        Assert.That(alone, Is.EqualTo("a0 b0 c0 a1 b1 c1 a2 b2 a3"));
        Assert.That(_seen.Values, Is.All.EqualTo(alone));
        Assert.That(_seen, Has.Count.EqualTo(4));
    }

    [Greenlet]
    private void FailOnOneHub(int index)
    {
        global::Greenlets.Hub.Current.ErrorWriter = TextWriter.Null;
        if (index == 1)
        {
            Greenlet.Sleep(0.01);
            throw new InvalidOperationException("boom");
        }

        try
        {
            new HubEvent().Wait(); // only the cancellation ends it
            _log.Enqueue($"hub {index} woke");
        }
        finally
        {
            _log.Enqueue($"hub {index} cancelled");
        }
    }

    [Test]
    public void AFailingHubIsReportedByNameAndCancelsTheOthers()
    {
        var failure = Assert.Throws<AggregateException>(() => HubGroup.Run(3, FailOnOneHub))!;

        Assert.That(failure.InnerExceptions, Has.Count.EqualTo(1));
        var hubFailure = (HubFailedException)failure.InnerExceptions[0];
        Assert.That(hubFailure.HubName, Is.EqualTo("greenlet-hub-1"));
        Assert.That(hubFailure.HubIndex, Is.EqualTo(1));
        Assert.That(hubFailure.InnerException, Is.TypeOf<InvalidOperationException>().With.Message.EqualTo("boom"));
        Assert.That(failure.Message, Does.Contain("greenlet-hub-1"));
        Assert.That(_log.Order(), Is.EqualTo(new[] { "hub 0 cancelled", "hub 2 cancelled" }));
    }

    [Greenlet]
    private void WaitForNothing(int index)
    {
        global::Greenlets.Hub.Current.ErrorWriter = TextWriter.Null;
        if (index == 0)
        {
            new GreenQueue<int>().Get(); // nothing can ever put: the hub reports it would block forever
        }
    }

    [Test]
    public void AHubThatWouldBlockForeverFailsInsteadOfHanging()
    {
        var failure = Assert.Throws<AggregateException>(() => HubGroup.Run(2, WaitForNothing))!;

        var hubFailure = (HubFailedException)failure.InnerExceptions.Single();
        Assert.That(hubFailure.HubName, Is.EqualTo("greenlet-hub-0"));
        Assert.That(hubFailure.InnerException, Is.InstanceOf<LoopExitException>());
    }

    [Test]
    public void TheDefaultCountIsOneHubPerProcessor()
    {
        HubGroup.Run(Describe);

        Assert.That(_seen, Has.Count.EqualTo(Environment.ProcessorCount));
    }
}
