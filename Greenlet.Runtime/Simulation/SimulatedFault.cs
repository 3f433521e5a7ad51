namespace Greenlets;

/// <summary>
/// The names of the faults the library injects in simulation, as <see cref="Simulation.InjectedFaults"/> counts them
/// and <see cref="SimulationRunOptions.SuppressedFaults"/> names them. <see cref="Simulation.Buggify"/> sites are
/// named by their file and line ("File.cs:42").
/// </summary>
internal static class SimulatedFault
{
    public const string DelayedWake = "hub.delayed-wake";
    public const string LateTimer = "hub.late-timer";
    public const string ShortRead = "net.short-read";
    public const string ShortWrite = "net.short-write";
    public const string SpuriousWakeup = "net.spurious-wakeup";
    public const string Reset = "net.reset";
    public const string DatagramLoss = "net.datagram-loss";
    public const string DatagramDuplicate = "net.datagram-duplicate";
    public const string DatagramReorder = "net.datagram-reorder";

    /// <summary>Every fault the library injects, in name order.</summary>
    public static readonly string[] LibraryFaults =
    [
        DelayedWake, LateTimer, DatagramDuplicate, DatagramLoss, DatagramReorder, Reset, ShortRead, ShortWrite, SpuriousWakeup,
    ];

    /// <summary>Whether <paramref name="name"/> can name a fault: one of the library's, or a Buggify site ("File.cs:42").</summary>
    public static bool IsFaultName(string name)
    {
        if (Array.IndexOf(LibraryFaults, name) >= 0)
        {
            return true;
        }

        var colon = name.LastIndexOf(':');
        return colon > 0 && colon < name.Length - 1 && name.AsSpan(colon + 1).IndexOfAnyExceptInRange('0', '9') < 0;
    }
}
