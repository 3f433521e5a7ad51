using System.Globalization;
using Greenlets.LowLevel;

namespace Greenlets.Tests.Simulation;

using Simulation = global::Greenlets.Simulation;

/// <summary>
/// The remaining choice points of seeded scheduling: the order in which the poll(2) reactor delivers one poll's
/// readiness, and the order in which the hub takes in what other threads posted (its wakeup queue, drained in one
/// pass). Both follow the seed in simulation, replay from it, and stay as they were on the default hub.
/// </summary>
[Category(TestCategories.Unit)]
public sealed partial class SeededReactorOrderTests
{
    private const int Descriptors = 4;

    private sealed partial class ReadinessProgram
    {
        public List<string> Woken { get; } = [];

        [Greenlet]
        public void WaitFor(IoWatcher watcher, string name)
        {
            watcher.WaitReadable(5);
            Woken.Add(name);
        }

        /// <summary>Four greenlets wait on four eventfds that all become readable before one poll.</summary>
        public string Run()
        {
            var handles = Enumerable.Range(0, Descriptors).Select(_ => FileDescriptorHandle.CreateEventFd()).ToList();
            var watchers = handles.Select(handle => new IoWatcher(handle.Fd)).ToList();
            try
            {
                var waiters = new List<Greenlet>();
                for (var i = 0; i < Descriptors; i++)
                {
                    waiters.Add(Greenlet.Spawn(WaitFor, watchers[i], ((char)('a' + i)).ToString()));
                }

                Greenlet.Sleep(0); // every waiter parks, in spawn order
                Greenlet.Sleep(0);
                foreach (var handle in handles)
                {
                    handle.SignalEventFd();
                }

                Greenlet.JoinAll(waiters);
                return string.Join(' ', Woken);
            }
            finally
            {
                foreach (var watcher in watchers)
                {
                    watcher.Close();
                }

                foreach (var handle in handles)
                {
                    handle.Dispose();
                }
            }
        }
    }

    private static IDisposable InstallPollHub(int? seed) => global::Greenlets.Hub.InstallWithSimulation(
        HubClock.Virtual(), ReactorKind.Poll, seed is { } s ? new Simulation(s, faults: false, traceCapacity: 1_000) : null);

    private static List<string> TraceLines(string prefix) =>
        Simulation.Current!.RecentTrace().Where(line => line.Contains(prefix, StringComparison.Ordinal)).ToList();

    /// <summary>The poll reactor's readiness order under <paramref name="seed"/>, and the whole trace.</summary>
    private static (string Order, string Trace) PollUnderSeed(int seed)
    {
        using (InstallPollHub(seed))
        {
            new ReadinessProgram().Run();
            var orders = TraceLines(" ready, order ");
            Assert.That(orders, Has.Count.EqualTo(1), $"seed {seed}: one poll found the {Descriptors} descriptors ready");
            Assert.That(orders[0], Does.Contain($"io {Descriptors} ready, order "));
            return (orders[0][orders[0].IndexOf("order", StringComparison.Ordinal)..], string.Join('\n', Simulation.Current!.RecentTrace()));
        }
    }

    [Test]
    public void ThePollReactorDeliversOnePollsReadinessInASeededOrderThatReplays()
    {
        var orders = new HashSet<string>(StringComparer.Ordinal);
        for (var seed = 0; seed < 30; seed++)
        {
            var (order, trace) = PollUnderSeed(seed);
            Assert.That(order.Split(' ').Skip(1).Order(), Is.EqualTo(new[] { "0", "1", "2", "3" }), $"seed {seed}: a permutation");
            Assert.That(PollUnderSeed(seed).Trace, Is.EqualTo(trace), $"seed {seed} replays byte for byte");
            orders.Add(order);
        }

        Assert.That(orders, Has.Count.GreaterThan(8), "30 seeds find many of the 24 orders");
    }

    [Test]
    public void OnTheDefaultHubThePollReactorWakesInTheOrderTheWaitersParked()
    {
        for (var run = 0; run < 5; run++)
        {
            using (InstallPollHub(seed: null))
            {
                Assert.That(new ReadinessProgram().Run(), Is.EqualTo("a b c d"));
            }
        }
    }

    private sealed class PostingProgram
    {
        public List<string> Ran { get; } = [];

        /// <summary>Three threads post three callbacks each, one thread after the other, before the hub takes any in.</summary>
        public string Run()
        {
            var token = HubToken.Current;
            var done = new Event();
            const int threads = 3;
            const int posts = 3;
            for (var t = 0; t < threads; t++)
            {
                var letter = (char)('a' + t);
                var thread = new Thread(() =>
                {
                    for (var k = 0; k < posts; k++)
                    {
                        var name = string.Create(CultureInfo.InvariantCulture, $"{letter}{k}");
                        token.Post(() =>
                        {
                            Ran.Add(name);
                            if (Ran.Count == threads * posts)
                            {
                                done.Set();
                            }
                        });
                    }
                });
                thread.Start();
                thread.Join();
            }

            Assert.That(done.Wait(5), Is.True, "every post ran");
            return string.Join(' ', Ran);
        }
    }

    private static (string Ran, string Trace) PostUnderSeed(int seed)
    {
        using (Simulation.Install(seed, faults: false, traceCapacity: 1_000))
        {
            var ran = new PostingProgram().Run();
            Assert.That(TraceLines("posts 9 from 3 thread(s), order "), Has.Count.EqualTo(1), $"seed {seed}: one drain took the nine posts in");
            return (ran, string.Join('\n', Simulation.Current!.RecentTrace()));
        }
    }

    [Test]
    public void CrossThreadPostsInterleaveTheirThreadsBySeedAndKeepEachThreadsOrder()
    {
        var interleavings = new HashSet<string>(StringComparer.Ordinal);
        for (var seed = 0; seed < 30; seed++)
        {
            var (ran, trace) = PostUnderSeed(seed);
            var names = ran.Split(' ');
            Assert.That(names, Has.Length.EqualTo(9));
            foreach (var thread in "abc")
            {
                var own = names.Where(name => name[0] == thread).ToArray();
                Assert.That(own, Is.EqualTo(new[] { $"{thread}0", $"{thread}1", $"{thread}2" }), $"seed {seed}: thread {thread}'s posts keep their order");
            }

            Assert.That(PostUnderSeed(seed), Is.EqualTo((ran, trace)), $"seed {seed} replays byte for byte");
            interleavings.Add(ran);
        }

        Assert.That(interleavings, Has.Count.GreaterThan(15), "30 seeds find many of the 1,680 interleavings");
    }

    [Test]
    public void OnTheDefaultHubPostsRunInTheOrderTheyCame()
    {
        using (global::Greenlets.Hub.Install(HubClock.Virtual()))
        {
            Assert.That(new PostingProgram().Run(), Is.EqualTo("a0 a1 a2 b0 b1 b2 c0 c1 c2"));
        }
    }
}
