using System.Globalization;

namespace Greenlets.Tests.Simulation;

using Simulation = global::Greenlets.Simulation;

/// <summary>
/// Seeded scheduling: in simulation, the order of woken greenlets within a pass and the order of timers due at the
/// same instant come from the seed, so one seed gives one schedule, byte for byte, and other seeds give others; spawn
/// order and the default (non-simulated) FIFO stay as they were.
/// </summary>
[Category(TestCategories.Unit)]
public sealed partial class SeededSchedulingTests
{
    /// <summary>A small program with every kind of choice point: Sleep(0) round-robins, event wake-ups and timer ties.</summary>
    private sealed partial class Workload
    {
        public List<string> Log { get; } = [];

        private readonly Event _go = new();

        [Greenlet]
        public void Worker(string name, int turns)
        {
            for (var i = 0; i < turns; i++)
            {
                var now = global::Greenlets.Hub.Current.Now.TotalSeconds;
                Log.Add(string.Create(CultureInfo.InvariantCulture, $"{name}{i}@{now}"));
                if (i == 1)
                {
                    _go.Wait();
                }
                else if (i == 2)
                {
                    Greenlet.Sleep(0.5); // every worker's timer is due at the same instant
                }
                else
                {
                    Greenlet.Sleep(0);
                }
            }
        }

        [Greenlet]
        public void Starter()
        {
            Greenlet.Sleep(0);
            Log.Add("go");
            _go.Set();
        }

        public string Run()
        {
            var workers = new List<Greenlet>();
            foreach (var name in new[] { "a", "b", "c", "d" })
            {
                workers.Add(Greenlet.Spawn(Worker, name, 5));
            }

            workers.Add(Greenlet.Spawn(Starter));
            Greenlet.JoinAll(workers);
            return string.Join(' ', Log);
        }
    }

    /// <summary>The workload's output and the simulation's own trace, under <paramref name="seed"/>.</summary>
    private static string RunUnderSeed(int seed, bool faults = false)
    {
        using (Simulation.Install(seed, faults, traceCapacity: 1_000))
        {
            var output = new Workload().Run();
            var simulation = Simulation.Current!;
            return output + "\n" + string.Join('\n', simulation.RecentTrace()) + "\n" + simulation.Fingerprint.ToString(CultureInfo.InvariantCulture);
        }
    }

    [Test]
    public void TheSameSeedGivesTheSameTraceByteForByteAThousandTimesInAThousand()
    {
        var first = RunUnderSeed(seed: 1234, faults: true);
        var differing = 0;
        for (var run = 1; run < 1_000; run++)
        {
            if (RunUnderSeed(seed: 1234, faults: true) != first)
            {
                differing++;
            }
        }

        Assert.That(differing, Is.Zero, "every run of seed 1234 gives the first run's trace");
        Assert.That(first, Does.Contain("run "), "the trace records the passes");
    }

    [Test]
    public void DifferentSeedsGiveDifferentSchedules()
    {
        var outputs = new HashSet<string>(StringComparer.Ordinal);
        for (var seed = 0; seed < 50; seed++)
        {
            outputs.Add(RunUnderSeed(seed).Split('\n')[0]);
        }

        // 4 workers with 5 turns each: dozens of orders are possible; 50 seeds must find well over a handful.
        Assert.That(outputs, Has.Count.GreaterThan(20));
    }

    [Test]
    public void OutsideSimulationTheOrderIsTheFifoOneAndNothingIsRecorded()
    {
        using (global::Greenlets.Hub.Install(HubClock.Virtual()))
        {
            Assert.That(global::Greenlets.Hub.Current.Simulation, Is.Null);
            Assert.That(Simulation.IsActive, Is.False);
            var output = new Workload().Run();
            Simulation.Record("ignored outside simulation");
            Assert.That(output, Is.EqualTo(
                "a0@0 b0@0 c0@0 d0@0 a1@0 b1@0 c1@0 d1@0 go a2@0 b2@0 c2@0 d2@0 a3@0.5 b3@0.5 c3@0.5 d3@0.5 a4@0.5 b4@0.5 c4@0.5 d4@0.5"));
        }
    }

    [Test]
    public void GreenletsSpawnedInARowStartInSpawnOrderUnderEverySeed()
    {
        for (var seed = 0; seed < 200; seed++)
        {
            var output = RunUnderSeed(seed);
            Assert.That(output, Does.StartWith("a0@0 b0@0 c0@0 d0@0"), $"seed {seed}");
        }
    }

    [Test]
    public void TimersDueAtTheSameInstantFireInASeededOrderButNeverEarlyOrLate()
    {
        var firstFirings = new HashSet<string>(StringComparer.Ordinal);
        for (var seed = 0; seed < 40; seed++)
        {
            var log = RunUnderSeed(seed).Split('\n')[0].Split(' ');
            var afterTimers = log.Where(entry => entry.EndsWith("3@0.5", StringComparison.Ordinal)).ToList();
            Assert.That(afterTimers, Has.Count.EqualTo(4), $"seed {seed}: every worker wakes at exactly 0.5 s without faults");
            Assert.That(log.Count(entry => entry.EndsWith("@0.5", StringComparison.Ordinal)), Is.EqualTo(8), $"seed {seed}");
            firstFirings.Add(afterTimers[0]);
        }

        Assert.That(firstFirings, Has.Count.GreaterThan(1), "some seed lets another worker's timer fire first");
    }

    [Test]
    public void TheEnvironmentVariablePutsEveryNewHubInSimulationOnTheVirtualClock()
    {
        Environment.SetEnvironmentVariable(Simulation.SeedVariable, "77");
        try
        {
            using (global::Greenlets.Hub.Install())
            {
                var simulation = global::Greenlets.Hub.Current.Simulation;
                Assert.That(simulation, Is.Not.Null);
                Assert.That(simulation!.Seed, Is.EqualTo(77));
                Assert.That(global::Greenlets.Hub.Current.Clock.IsVirtual, Is.True);
            }
        }
        finally
        {
            Environment.SetEnvironmentVariable(Simulation.SeedVariable, null);
        }

        using (global::Greenlets.Hub.Install(HubClock.Virtual()))
        {
            Assert.That(global::Greenlets.Hub.Current.Simulation, Is.Null);
        }
    }

    [Test]
    public void ASeedThatIsNotANumberIsRefusedByName()
    {
        Environment.SetEnvironmentVariable(Simulation.SeedVariable, "banana");
        try
        {
            Assert.That(() => global::Greenlets.Hub.Install(HubClock.Virtual()), Throws.InvalidOperationException.With.Message.Contains("GREENLET_SIM_SEED"));
        }
        finally
        {
            Environment.SetEnvironmentVariable(Simulation.SeedVariable, null);
        }
    }
}
