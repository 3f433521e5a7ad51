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

    /// <summary>The environment variable that adds to <see cref="SuppressedFaults"/>: fault names separated by commas.</summary>
    public const string SuppressVariable = "GREENLET_SIM_SUPPRESS";

    /// <summary>
    /// Faults (<see cref="Simulation.InjectedFaults"/>'s names) that are drawn as usual but never injected, so a shrunk
    /// failure replays: <see cref="SimulationFailure.SuppressedFaults"/> gives the list, and <see cref="SuppressVariable"/>
    /// adds to it from outside.
    /// </summary>
    public IReadOnlyCollection<string> SuppressedFaults { get; init; } = [];

    /// <summary>
    /// Whether a failure found by a run (not a replay) is shrunk: its seed is run again with each kind of injected fault
    /// suppressed in turn, keeping every suppression under which it still fails with the same exception type, so the
    /// failure reported needs only the faults left. True unless set.
    /// </summary>
    public bool CanShrink { get; init; } = true;
}

/// <summary>The first failing seed a run found.</summary>
/// <param name="Seed">The seed: <c>GREENLET_SIM_REPLAY=&lt;seed&gt;</c> or <see cref="SimulationRunOptions.ReplaySeed"/> replays it.</param>
/// <param name="Exception">What the test body raised.</param>
/// <param name="Trace">The last decisions and events before the failure, oldest first.</param>
public sealed record SimulationFailure(int Seed, Exception Exception, IReadOnlyList<string> Trace)
{
    /// <summary>The faults injected in this failing run, by name, with how many times each fired (<see cref="Simulation.InjectedFaults"/>).</summary>
    public IReadOnlyDictionary<string, int> InjectedFaults { get; init; } = new Dictionary<string, int>();

    /// <summary>The faults this run suppressed: replay it with them in <see cref="SimulationRunOptions.SuppressedFaults"/>.</summary>
    public IReadOnlyList<string> SuppressedFaults { get; init; } = [];

    /// <summary>The failure as first found, before shrinking; null when this one was not shrunk.</summary>
    public SimulationFailure? Unshrunk { get; init; }

    /// <summary>The command-line settings that replay this failure.</summary>
    public string ReplaySettings => SuppressedFaults.Count == 0
        ? $"{SimulationRunOptions.ReplayVariable}={Seed}"
        : $"{SimulationRunOptions.ReplayVariable}={Seed} {SimulationRunOptions.SuppressVariable}={string.Join(',', SuppressedFaults)}";

    /// <summary>The seed, the faults, the exception and the trace, for a test's failure message.</summary>
    public string Describe() =>
        $"Simulation failed under seed {Seed} (replay: {ReplaySettings}).{Environment.NewLine}" +
        $"Faults injected: {DescribeFaults(InjectedFaults)}" +
        (Unshrunk is null ? "" : $" (shrunk from {DescribeFaults(Unshrunk.InjectedFaults)})") + Environment.NewLine +
        $"{Exception.GetType().Name}: {Exception.Message}{Environment.NewLine}" +
        $"Last {Trace.Count} decisions and events:{Environment.NewLine}  " + string.Join(Environment.NewLine + "  ", Trace);

    private static string DescribeFaults(IReadOnlyDictionary<string, int> faults) =>
        faults.Count == 0 ? "none" : string.Join(", ", faults.Select(fault => $"{fault.Key} x{fault.Value}"));
}

/// <summary>What <see cref="Simulation.RunSeeds(int, Action, SimulationRunOptions?)"/> found.</summary>
/// <param name="SeedsRun">How many seeds ran to the end or to their failure.</param>
/// <param name="Failure">The lowest failing seed, or null when every seed passed.</param>
public sealed record SimulationRunResult(int SeedsRun, SimulationFailure? Failure)
{
    /// <summary>
    /// Throws <see cref="SimulationFailedException"/> when a seed failed, so that any test framework reports the seed,
    /// the replay settings, the faults and the trace as the test's failure: <c>Simulation.RunSeeds(1_000,
    /// body).ThrowIfFailed();</c>.
    /// </summary>
    /// <returns>This result, when every seed passed.</returns>
    /// <exception cref="SimulationFailedException">A seed failed; its message is <see cref="SimulationFailure.Describe"/>.</exception>
    public SimulationRunResult ThrowIfFailed() =>
        Failure is { } failure ? throw new SimulationFailedException(failure) : this;
}

/// <summary>
/// A simulation run found a failing seed (<see cref="SimulationRunResult.ThrowIfFailed"/>). The message says how to
/// replay it, and the inner exception is the one the seed raised.
/// </summary>
public sealed class SimulationFailedException : Exception
{
    /// <summary>Creates the exception for <paramref name="failure"/>.</summary>
    /// <param name="failure">The failing seed, its exception and its trace.</param>
    public SimulationFailedException(SimulationFailure failure)
        : base((failure ?? throw new ArgumentNullException(nameof(failure))).Describe(), failure.Exception)
    {
        Failure = failure;
    }

    /// <summary>The failing seed, its faults, its exception and its trace.</summary>
    public SimulationFailure Failure { get; }
}

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
        var suppressed = SuppressedFaults(options);
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

                var found = RunOne((int)seed, body, options, suppressed);
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

        if (failure is not null && replay is null && options.CanShrink)
        {
            failure = Shrunk(failure, body, options);
        }

        return new SimulationRunResult(ran, failure);
    }

    /// <summary>
    /// Runs the failing seed again with each kind of fault it injected suppressed in turn (in name order), keeping a
    /// suppression whenever the run still fails with the same exception type. Each fault draws from a stream of its own,
    /// so suppressing one leaves the others firing at the same draws.
    /// </summary>
    private static SimulationFailure Shrunk(SimulationFailure found, Action body, SimulationRunOptions options)
    {
        var best = found;
        var suppressed = new SortedSet<string>(found.SuppressedFaults, StringComparer.Ordinal);
        foreach (var fault in found.InjectedFaults.Keys)
        {
            var trial = new SortedSet<string>(suppressed, StringComparer.Ordinal) { fault };
            var again = RunOnThread(() => RunOne(found.Seed, body, options, trial));
            if (again is not null && again.Exception.GetType() == found.Exception.GetType())
            {
                suppressed = trial;
                best = again;
            }
        }

        return ReferenceEquals(best, found) ? found : best with { Unshrunk = found };
    }

    private static SimulationFailure? RunOnThread(Func<SimulationFailure?> run)
    {
        SimulationFailure? result = null;
        var thread = new Thread(() => result = run()) { Name = "greenlet-sim-shrink", IsBackground = true };
        thread.Start();
        thread.Join();
        return result;
    }

    private static SimulationFailure? RunOne(int seed, Action body, SimulationRunOptions options, IReadOnlyCollection<string> suppressed)
    {
        var simulation = new Simulation(seed, options.CanInjectFaults, options.TraceCapacity, suppressed);
        using (Hub.InstallWithSimulation(HubClock.Virtual(), ReactorKind.Default, simulation))
        {
            try
            {
                body();
                return null;
            }
#pragma warning disable CA1031 // any exception the body raises is the failure being looked for
            catch (Exception exception)
#pragma warning restore CA1031
            {
                return new SimulationFailure(seed, exception, simulation.RecentTrace())
                {
                    InjectedFaults = new SortedDictionary<string, int>(simulation._injectedFaults, StringComparer.Ordinal),
                    SuppressedFaults = [.. suppressed.Order(StringComparer.Ordinal)],
                };
            }
        }
    }

    /// <summary>The options' suppressed faults and <see cref="SimulationRunOptions.SuppressVariable"/>'s, once each.</summary>
    internal static IReadOnlyCollection<string> SuppressedFaults(SimulationRunOptions options)
    {
        var faults = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var fault in options.SuppressedFaults)
        {
            faults.Add(SimulatedFault.IsFaultName(fault)
                ? fault
                : throw new ArgumentException(NotAFault($"'{fault}'"), nameof(options)));
        }

        var text = Environment.GetEnvironmentVariable(SimulationRunOptions.SuppressVariable);
        foreach (var fault in (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            // A misspelt name would suppress nothing, and the replay would say nothing about it.
            faults.Add(SimulatedFault.IsFaultName(fault)
                ? fault
                : throw new InvalidOperationException(NotAFault($"{SimulationRunOptions.SuppressVariable} names '{fault}', which")));
        }

        return faults;
    }

    private static string NotAFault(string what) =>
        $"{what} is not a fault's name. Use the names a failure reports: {string.Join(", ", SimulatedFault.LibraryFaults)}, or a Buggify site as File.cs:42.";

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
