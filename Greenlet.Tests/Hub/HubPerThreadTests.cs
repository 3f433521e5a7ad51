namespace Greenlets.Tests.Hub;

/// <summary>
/// One hub per thread, however many loops run at once: the loop that holds the fast slot (Hub.LoopStack.cs) and the
/// ones that read the thread-static each find their own hub, during their loops and after them.
/// </summary>
[Category(TestCategories.Unit)]
public sealed partial class HubPerThreadTests
{
    private const int Threads = 4;
    private const int Switches = 2_000;

    /// <summary>Sleeps(0) <paramref name="n"/> times and counts the resumes on which the current hub was <paramref name="own"/>.</summary>
    [Greenlet]
    private static int CountResumesOnOwnHub(global::Greenlets.Hub own, int n)
    {
        var seen = 0;
        for (var i = 0; i < n; i++)
        {
            Greenlet.Sleep(0);
            if (ReferenceEquals(global::Greenlets.Hub.Current, own) && ReferenceEquals(Greenlet.Current.SpawningGreenlet, own.MainGreenlet))
            {
                seen++;
            }
        }

        return seen;
    }

    [Test]
    public void LoopsRunningAtOnceOnSeveralThreadsEachFindTheirOwnHub()
    {
        var start = new Barrier(Threads);
        var counts = new int[Threads, 2];
        var hubs = new global::Greenlets.Hub?[Threads];
        var failures = new Exception?[Threads];
        var threads = Enumerable.Range(0, Threads).Select(t => new Thread(() =>
        {
            var signaled = false;
            try
            {
                using var scope = global::Greenlets.Hub.Install(HubClock.Virtual());
                var own = global::Greenlets.Hub.Current;
                hubs[t] = own;
                signaled = true;
                start.SignalAndWait(); // the loops overlap: one holds the slot, the others read the thread-static
                var a = Greenlet.Spawn(CountResumesOnOwnHub, own, Switches);
                var b = Greenlet.Spawn(CountResumesOnOwnHub, own, Switches);
                Greenlet.JoinAll(a, b);
                counts[t, 0] = a.Value;
                counts[t, 1] = b.Value;
            }
            catch (Exception exception)
            {
                failures[t] = exception;
                if (!signaled)
                {
                    start.RemoveParticipant(); // the others do not wait for this one
                }
            }
        })).ToList();

        threads.ForEach(thread => thread.Start());
        threads.ForEach(thread => thread.Join());

        Assert.That(failures, Is.All.Null);
        Assert.That(counts, Is.All.EqualTo(Switches), "every resume on every thread saw its own hub");
        Assert.That(hubs.Distinct().Count(), Is.EqualTo(Threads));
    }

    [Test]
    public void AThreadOutsideAnyLoopNeverGetsTheHubOfAnotherThreadsLoop()
    {
        using var ready = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        global::Greenlets.Hub? looping = null;
        var loopThread = new Thread(() =>
        {
            using var scope = global::Greenlets.Hub.Install(HubClock.Virtual());
            looping = global::Greenlets.Hub.Current;
            Greenlet.Sleep(0); // a loop has run on this thread: its stack is known to the hub
            ready.Set();
            release.Wait();
        });
        loopThread.Start();
        ready.Wait();

        global::Greenlets.Hub? outside = null;
        var other = new Thread(() => outside = global::Greenlets.Hub.Current);
        other.Start();
        other.Join();
        release.Set();
        loopThread.Join();

        Assert.That(outside, Is.Not.Null.And.Not.SameAs(looping));
    }
}
