using System.Diagnostics.Metrics;

namespace Greenlets;

/// <summary>
/// The hubs' metrics, through <see cref="System.Diagnostics.Metrics"/>: a <see cref="Meter"/> named
/// <c>Greenlet.Hub</c> with observable instruments, read only when a listener (dotnet-counters, OpenTelemetry, a
/// <see cref="MeterListener"/>) collects them, so the loop itself only bumps a plain counter. Each hub reports its own
/// measurements, tagged with its thread's managed id and a hub number.
/// </summary>
/// <remarks>gevent has no equivalent; its monitor thread's counters are the nearest.</remarks>
public static class HubMetrics
{
    /// <summary>The meter's name: <c>dotnet-counters monitor --counters Greenlet.Hub</c>.</summary>
    public const string MeterName = "Greenlet.Hub";

    /// <summary>Greenlets started and not yet dead, per hub.</summary>
    public const string GreenletsAlive = "greenlet.hub.greenlets.alive";

    /// <summary>Greenlets started, per hub, since it was created.</summary>
    public const string GreenletsSpawned = "greenlet.hub.greenlets.spawned";

    /// <summary>Entries of the ready queue run (greenlet switches and hub callbacks), per hub, since it was created.</summary>
    public const string Switches = "greenlet.hub.switches";

    /// <summary>How late, in seconds, the last timer the hub fired ran after its deadline.</summary>
    public const string LoopLag = "greenlet.hub.loop.lag";

    /// <summary>The tag naming the hub's thread (its managed thread id).</summary>
    public const string ThreadTag = "greenlet.hub.thread";

    /// <summary>The tag numbering hubs in the order they were created.</summary>
    public const string HubTag = "greenlet.hub.number";

    private static readonly Lock s_lock = new();
    private static readonly List<(WeakReference<Hub> Hub, int Number)> s_hubs = [];
    private static int s_nextNumber;

    private static readonly Meter s_meter = CreateMeter();

    /// <summary>The number <see cref="HubTag"/> gives <paramref name="hub"/>; -1 for a hub no longer reported.</summary>
    /// <param name="hub">A hub.</param>
    /// <returns>The hub's number.</returns>
    public static int NumberOf(Hub hub)
    {
        lock (s_lock)
        {
            foreach (var (reference, number) in s_hubs)
            {
                if (reference.TryGetTarget(out var target) && ReferenceEquals(target, hub))
                {
                    return number;
                }
            }
        }

        return -1;
    }

    internal static void Register(Hub hub)
    {
        _ = s_meter;
        lock (s_lock)
        {
            s_hubs.RemoveAll(entry => !entry.Hub.TryGetTarget(out _)); // hubs of threads that ended
            s_hubs.Add((new WeakReference<Hub>(hub), ++s_nextNumber));
        }
    }

    internal static void Unregister(Hub hub)
    {
        lock (s_lock)
        {
            s_hubs.RemoveAll(entry => !entry.Hub.TryGetTarget(out var target) || ReferenceEquals(target, hub));
        }
    }

    private static Meter CreateMeter()
    {
        var meter = new Meter(MeterName, typeof(HubMetrics).Assembly.GetName().Version?.ToString());
        meter.CreateObservableUpDownCounter(GreenletsAlive, () => Observe(hub => (long)hub.LiveCount), "{greenlet}", "Greenlets started and not yet dead");
        meter.CreateObservableCounter(GreenletsSpawned, () => Observe(hub => hub.GreenletsSpawned), "{greenlet}", "Greenlets started since the hub was created");
        meter.CreateObservableCounter(Switches, () => Observe(hub => hub.Switches), "{switch}", "Entries of the ready queue run: greenlet switches and hub callbacks");
        meter.CreateObservableGauge(LoopLag, () => Observe(hub => hub.LoopLag.TotalSeconds), "s", "How late the last timer the hub fired ran after its deadline");
        return meter;
    }

    // Runs on the collecting thread: reads only fields that the hub thread writes whole (counts, a long), never its structures.
    private static List<Measurement<T>> Observe<T>(Func<Hub, T> read)
        where T : struct
    {
        var measurements = new List<Measurement<T>>();
        lock (s_lock)
        {
            foreach (var (reference, number) in s_hubs)
            {
                if (reference.TryGetTarget(out var hub))
                {
                    measurements.Add(new Measurement<T>(read(hub), new(ThreadTag, hub.ThreadId), new(HubTag, number)));
                }
            }
        }

        return measurements;
    }
}
