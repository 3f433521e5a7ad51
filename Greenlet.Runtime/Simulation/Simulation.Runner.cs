namespace Greenlets;

/// <summary>How <see cref="Simulation.RunSeeds(int, Action, SimulationRunOptions?)"/> explores seeds.</summary>
public sealed class SimulationRunOptions
{
    /// <summary>The environment variable that makes <see cref="Simulation.RunSeeds(int, Action, SimulationRunOptions?)"/> replay one seed.</summary>
    public const string ReplayVariable = "GREENLET_SIM_REPLAY";

    /// <summary>The first seed; the run tries this one and the ones after it.</summary>
    public int FirstSeed { get; init; }

    /// <summary>How many seeds run at once, each on its own thread with its own hub; the processor count unless set.</summary>
    public int Parallelism { get; init; } = Environment.ProcessorCount;

    /// <summary>Whether fault points may fire (<see cref="Simulation.CanInjectFaults"/>).</summary>
    public bool CanInjectFaults { get; init; } = true;

    /// <summary>How many of the last decisions and events a failure reports.</summary>
    public int TraceCapacity { get; init; } = Simulation.DefaultTraceCapacity;

    /// <summary>When set, only this seed runs (a replay); <see cref="ReplayVariable"/> sets it from outside.</summary>
    public int? ReplaySeed { get; init; }
}

/// <summary>The first failing seed a run found.</summary>
/// <param name="Seed">The seed: <c>GREENLET_SIM_REPLAY=&lt;seed&gt;</c> or <see cref="SimulationRunOptions.ReplaySeed"/> replays it.</param>
/// <param name="Exception">What the test body raised.</param>
/// <param name="Trace">The last decisions and events before the failure, oldest first.</param>
public sealed record SimulationFailure(int Seed, Exception Exception, IReadOnlyList<string> Trace)
{
    /// <summary>The seed, the exception and the trace, for a test's failure message.</summary>
    public string Describe() =>
        $"Simulation failed under seed {Seed} (replay: {SimulationRunOptions.ReplayVariable}={Seed}).{Environment.NewLine}" +
        $"{Exception.GetType().Name}: {Exception.Message}{Environment.NewLine}" +
        $"Last {Trace.Count} decisions and events:{Environment.NewLine}  " + string.Join(Environment.NewLine + "  ", Trace);
}

/// <summary>What <see cref="Simulation.RunSeeds(int, Action, SimulationRunOptions?)"/> found.</summary>
/// <param name="SeedsRun">How many seeds ran to the end or to their failure.</param>
/// <param name="Failure">The lowest failing seed, or null when every seed passed.</param>
public sealed record SimulationRunResult(int SeedsRun, SimulationFailure? Failure);

public sealed partial class Simulation
{
    /// <summary>
    /// Runs <paramref name="body"/> (plain code: it spawns and joins greenlets) once per seed, from
    /// <see cref="SimulationRunOptions.FirstSeed"/> on, each on a fresh hub in simulation on its own thread, several at
    /// once. After a failure no seed above it starts; the result names the lowest failing seed, whatever the
    /// parallelism, with its trace. A replay seed (<see cref="SimulationRunOptions.ReplaySeed"/> or
    /// <c>GREENLET_SIM_REPLAY</c>) runs that seed alone.
    /// </summary>
    /// <param name="count">How many seeds to try.</param>
    /// <param name="body">The test body; it fails by raising.</param>
    /// <param name="options">Seeds, parallelism, faults and trace length; null for the defaults.</param>
    public static SimulationRunResult RunSeeds(int count, Action body, SimulationRunOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        options ??= new SimulationRunOptions();
        var replay = options.ReplaySeed ?? ReplaySeedFromEnvironment();
        var first = replay ?? options.FirstSeed;
        var end = replay is null ? (long)first + count : (long)first + 1;
        long next = first;
        var ran = 0;
        SimulationFailure? failure = null;
        var gate = new object();

        void Worker()
        {
            while (true)
            {
                var seed = Interlocked.Increment(ref next) - 1;
                lock (gate)
                {
                    if (seed >= end || (failure is not null && seed > failure.Seed))
                    {
                        return;
                    }
                }

                var found = RunOne((int)seed, body, options);
                lock (gate)
                {
                    ran++;
                    if (found is not null && (failure is null || found.Seed < failure.Seed))
                    {
                        failure = found;
                    }
                }
            }
        }

        var threads = new Thread[Math.Max(1, Math.Min(options.Parallelism, (int)Math.Min(int.MaxValue, end - first)))];
        for (var i = 0; i < threads.Length; i++)
        {
            threads[i] = new Thread(Worker) { Name = $"greenlet-sim-{i}", IsBackground = true };
            threads[i].Start();
        }

        foreach (var thread in threads)
        {
            thread.Join();
        }

        return new SimulationRunResult(ran, failure);
    }

    private static SimulationFailure? RunOne(int seed, Action body, SimulationRunOptions options)
    {
        using (Install(seed, options.CanInjectFaults, options.TraceCapacity))
        {
            var simulation = Current!;
            try
            {
                body();
                return null;
            }
#pragma warning disable CA1031 // any exception the body raises is the failure being looked for
            catch (Exception exception)
#pragma warning restore CA1031
            {
                return new SimulationFailure(seed, exception, simulation.RecentTrace());
            }
        }
    }

    private static int? ReplaySeedFromEnvironment()
    {
        var text = Environment.GetEnvironmentVariable(SimulationRunOptions.ReplayVariable);
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        return int.TryParse(text.Trim(), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var seed)
            ? seed
            : throw new InvalidOperationException($"{SimulationRunOptions.ReplayVariable}='{text}' is not a seed. Use a 32-bit integer.");
    }
}
