using System.Globalization;
using System.Runtime.CompilerServices;

namespace Greenlets;

/// <summary>
/// Deterministic simulation of one hub: a seed draws every choice the hub makes among equally valid orders (which
/// woken greenlet runs next, which of two timers due at the same instant fires first, in which order one poll's I/O
/// readiness is delivered), turns on seeded fault points (<see cref="Buggify"/>, delayed wake-ups, late timers), and
/// records the recent decisions, so a failure found under one seed replays exactly from that seed.
/// </summary>
/// <remarks>
/// <para>
/// Opt in per hub with <see cref="Install(int, bool)"/> (a fresh hub on the virtual clock), or for a whole program
/// with the environment variable <c>GREENLET_SIM_SEED</c>: every hub created then is seeded with it (on the virtual
/// clock unless <c>GREENLET_CLOCK</c> names another). Without either, the hub's order is today's FIFO and none of this
/// costs anything.
/// docs/simulation.md describes the model and what stays fixed.
/// </para>
/// <para>gevent has no equivalent: its order is libev's, fixed. This is FoundationDB's simulation and Coyote's systematic testing, for greenlets.</para>
/// </remarks>
public sealed partial class Simulation
{
    /// <summary>The environment variable that puts every hub of a program in simulation, with its value as the seed.</summary>
    public const string SeedVariable = "GREENLET_SIM_SEED";

    /// <summary>How many trace lines a simulation keeps unless told otherwise.</summary>
    public const int DefaultTraceCapacity = 64;

    private readonly Dictionary<string, bool> _buggifySites = new(StringComparer.Ordinal);
    private readonly Dictionary<(string File, int Line), (string Name, Random Stream)?> _buggifyCallSites = [];
    private readonly SortedDictionary<string, int> _injectedFaults = new(StringComparer.Ordinal);
    private readonly HashSet<string>? _suppressedFaults;
    private readonly Dictionary<string, SimulationRandom> _faultStreams = new(StringComparer.Ordinal);
    private SimulationGenerator _generator;
    private SimulationRandom? _random;
    private Hub? _hub;

    /// <summary>Creates the simulation state for one hub; <see cref="Install(int, bool)"/> is the usual way in.</summary>
    /// <param name="seed">The seed every choice is drawn from.</param>
    /// <param name="faults">Whether the hub's fault points (delayed wake-ups, late timers) and <see cref="Buggify"/> may fire.</param>
    /// <param name="traceCapacity">How many of the most recent decisions and events <see cref="RecentTrace"/> keeps.</param>
    /// <param name="suppressedFaults">Faults (<see cref="InjectedFaults"/>'s names) drawn as usual but never injected: shrinking and its replays.</param>
    internal Simulation(int seed, bool faults, int traceCapacity, IEnumerable<string>? suppressedFaults = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(traceCapacity, 1);
        Seed = seed;
        CanInjectFaults = faults;
        _suppressedFaults = suppressedFaults is null ? null : new HashSet<string>(suppressedFaults, StringComparer.Ordinal);
        _generator = new SimulationGenerator(seed);
        _trace = new TraceEntry[traceCapacity];
        DelayedWakeProbability = faults && SiteEnabled(SimulatedFault.DelayedWake) ? 0.1 : 0;
        LateTimerTicks = faults && SiteEnabled(SimulatedFault.LateTimer) ? TimeSpan.TicksPerMillisecond : 0;
    }

    /// <summary>
    /// How many times each fault was injected so far in this run, by name, in name order: a <see cref="Buggify"/> site
    /// ("File.cs:42"), the hub's <c>hub.delayed-wake</c> and <c>hub.late-timer</c>, and the simulated network's
    /// <c>net.short-read</c>, <c>net.short-write</c>, <c>net.spurious-wakeup</c>, <c>net.reset</c>,
    /// <c>net.datagram-loss</c>, <c>net.datagram-duplicate</c> and <c>net.datagram-reorder</c>. Shrinking replays a
    /// failing seed with some of these suppressed.
    /// </summary>
    public IReadOnlyDictionary<string, int> InjectedFaults => _injectedFaults;

    /// <summary>The seed of this simulation.</summary>
    public int Seed { get; }

    /// <summary>Whether fault points may fire: <see cref="Buggify"/>, delayed wake-ups and late timers.</summary>
    public bool CanInjectFaults { get; }

    /// <summary>The simulation of the calling thread's hub; null when it does not run in simulation (or there is no hub yet).</summary>
    public static Simulation? Current => Hub.CurrentIfAny?.Simulation;

    /// <summary>Whether the calling thread's hub runs in simulation.</summary>
    public static bool IsActive => Current is not null;

    /// <summary>The seeded generator every choice is drawn from; draw only on the hub's thread, in an order the program determines.</summary>
    internal ref SimulationGenerator Generator => ref _generator;

    /// <summary>
    /// The generator as a <see cref="System.Random"/>, for simulated components that take one (the simulated network):
    /// they draw from the same sequence as the hub, so that one seed fixes the whole run.
    /// </summary>
    internal Random Random => _random ??= new SimulationRandom(this);

    /// <summary>The chance that a woken greenlet is held back to the next loop pass; 0 unless the fault is buggified for this run.</summary>
    internal double DelayedWakeProbability { get; }

    /// <summary>At most how many ticks a timer may fire late; 0 unless the fault is buggified for this run.</summary>
    internal long LateTimerTicks { get; }

    /// <summary>
    /// Replaces the calling thread's hub with a new one in simulation under <paramref name="seed"/>, on a fresh virtual
    /// clock, and returns a scope that restores the previous hub.
    /// </summary>
    /// <param name="seed">The seed: the same seed and program give the same schedule, byte for byte.</param>
    /// <param name="faults">Whether fault points may fire (see <see cref="CanInjectFaults"/>).</param>
    public static IDisposable Install(int seed, bool faults = true) => Install(seed, faults, DefaultTraceCapacity);

    /// <summary>Like <see cref="Install(int, bool)"/>, keeping <paramref name="traceCapacity"/> trace lines.</summary>
    /// <param name="seed">The seed.</param>
    /// <param name="faults">Whether fault points may fire.</param>
    /// <param name="traceCapacity">How many of the most recent decisions and events <see cref="RecentTrace"/> keeps.</param>
    public static IDisposable Install(int seed, bool faults, int traceCapacity) =>
        Hub.InstallWithSimulation(HubClock.Virtual(), ReactorKind.Default, new Simulation(seed, faults, traceCapacity));

    /// <summary>
    /// True with <paramref name="probability"/>, drawn from the simulation's seed; always false outside simulation.
    /// Use it to make simulated code take rare paths (a slow disk, a dropped cache) often enough to test them.
    /// </summary>
    /// <param name="probability">The chance, from 0 to 1.</param>
    public static bool Chance(double probability)
    {
        var simulation = Current;
        return simulation is not null && simulation.Draw(probability);
    }

    /// <summary>
    /// FoundationDB's BUGGIFY: whether this fault site fires now. Always false outside simulation (and when faults
    /// are off). In simulation, each site (a source line) is first enabled or not for the whole run, with a one in four
    /// chance drawn from the seed; an enabled site then fires with <paramref name="fireProbability"/> each time.
    /// </summary>
    /// <param name="fireProbability">The chance an enabled site fires at each call.</param>
    /// <param name="file">The site's file, filled in by the compiler: only a key.</param>
    /// <param name="line">The site's line, filled in by the compiler.</param>
    public static bool Buggify(double fireProbability = 0.25, [CallerFilePath] string file = "", [CallerLineNumber] int line = 0)
    {
        var simulation = Current;
        if (simulation is null || !simulation.CanInjectFaults)
        {
            return false;
        }

        return simulation.CallSiteEnabled(file, line) is { } site && Draw(site.Stream, fireProbability) && simulation.InjectFault(site.Name);
    }

    /// <summary>
    /// Adds <paramref name="description"/> to the calling hub's trace (and fingerprint), stamped with the virtual time;
    /// nothing outside simulation. Simulated components record what they decide (a dropped packet, a partition).
    /// </summary>
    /// <param name="description">What happened, on one line.</param>
    public static void Record(string description) => Current?.RecordLine(description);

    /// <summary>Reads <see cref="SeedVariable"/>: a simulation for a hub created without one, or null.</summary>
    internal static Simulation? FromEnvironment()
    {
        var text = Environment.GetEnvironmentVariable(SeedVariable);
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (!int.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var seed))
        {
            throw new InvalidOperationException($"{SeedVariable}='{text}' is not a seed. Use a 32-bit integer.");
        }

        return new Simulation(seed, faults: true, DefaultTraceCapacity);
    }

    /// <summary>Binds the simulation to the hub it drives; a simulation drives one hub.</summary>
    internal void Attach(Hub hub)
    {
        if (_hub is not null)
        {
            throw new InvalidOperationException("A simulation drives one hub.");
        }

        _hub = hub;
    }

    /// <summary>True with <paramref name="probability"/>, from the seeded source.</summary>
    internal bool Draw(double probability) => probability > 0 && (probability >= 1 || _generator.NextDouble() < probability);

    /// <summary>True with <paramref name="probability"/>, drawn from <paramref name="stream"/>.</summary>
    internal static bool Draw(Random stream, double probability) => probability > 0 && (probability >= 1 || stream.NextDouble() < probability);

    /// <summary>
    /// The stream <paramref name="fault"/> draws from: its own, seeded from the seed and the fault's name, so that how
    /// often one fault is drawn never moves another fault's draws nor the schedule's. Shrinking relies on it: with one
    /// fault suppressed, the others still fire at the same draws.
    /// </summary>
    internal Random FaultRandom(string fault)
    {
        if (!_faultStreams.TryGetValue(fault, out var stream))
        {
            stream = new SimulationRandom(unchecked(Seed ^ (int)StableHash(fault) ^ FaultStreamSalt));
            _faultStreams[fault] = stream;
        }

        return stream;
    }

    /// <summary>Keeps a fault's stream apart from the draw that enables a site of the same name (<see cref="SiteEnabled"/>).</summary>
    private const int FaultStreamSalt = 0x5F3759DF;

    /// <summary>
    /// Called once a fault's draw said it fires, after every draw the fault makes: counts it and returns true, or,
    /// when the fault is suppressed, returns false. A suppressed fault still makes its draws, from its own stream
    /// (<see cref="FaultRandom"/>), so the other faults fire at the same draws as before; the schedule's draws move
    /// only where the fault's absence changes what runs.
    /// </summary>
    internal bool InjectFault(string fault, int times = 1)
    {
        if (_suppressedFaults?.Contains(fault) == true)
        {
            return false;
        }

        _injectedFaults[fault] = _injectedFaults.GetValueOrDefault(fault) + times;
        return true;
    }

    /// <summary>Whether the fault site <paramref name="site"/> is enabled in this run: drawn once per site, from the seed and the site's name alone.</summary>
    internal bool SiteEnabled(string site)
    {
        if (!_buggifySites.TryGetValue(site, out var enabled))
        {
            // From the seed and the name, not the shared source: which sites are on does not depend on the order they are first reached.
            enabled = new SimulationGenerator(unchecked(Seed ^ (int)StableHash(site))).Next(4) == 0;
            _buggifySites[site] = enabled;
        }

        return enabled;
    }

    /// <summary>
    /// <see cref="SiteEnabled"/> for a <see cref="Buggify"/> call site, looked up by the compiler's (interned) file
    /// string and line, so a call names its site ("File.cs:42") only the first time it is reached. Returns the site's
    /// name when it is enabled, null when not.
    /// </summary>
    private (string Name, Random Stream)? CallSiteEnabled(string file, int line)
    {
        if (!_buggifyCallSites.TryGetValue((file, line), out var site))
        {
            var name = string.Concat(Path.GetFileName(file), ":", line.ToString(CultureInfo.InvariantCulture));
            site = SiteEnabled(name) ? (name, FaultRandom(name)) : null;
            _buggifyCallSites[(file, line)] = site;
        }

        return site;
    }

    private const ulong FingerprintBasis = 14695981039346656037;
    private const ulong FingerprintPrime = 1099511628211;

    private static ulong StableHash(string text)
    {
        var hash = FingerprintBasis;
        foreach (var c in text)
        {
            hash = (hash ^ c) * FingerprintPrime;
        }

        return hash ^ (hash >> 32);
    }
}
