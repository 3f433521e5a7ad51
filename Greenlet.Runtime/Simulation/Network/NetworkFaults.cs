namespace Greenlets;

/// <summary>
/// Faults the simulated network injects, each the chance (0 to 1) of the fault at each chance it has. All are 0 by
/// default; outside a simulation none of them exists, since the kernel's sockets never reach this code.
/// </summary>
/// <remarks>gevent: none (FoundationDB's BUGGIFY at the network layer).</remarks>
public sealed class NetworkFaults
{
    /// <summary>The chance that a read returns fewer bytes than have arrived (at least one).</summary>
    public double ShortReads { get; set; }

    /// <summary>The chance that a write takes fewer bytes than the window has room for (at least one).</summary>
    public double ShortWrites { get; set; }

    /// <summary>The chance that a greenlet waiting to read is woken with nothing to read, as an EAGAIN after a wake-up.</summary>
    public double SpuriousWakeups { get; set; }

    /// <summary>The chance that a segment, as it arrives, resets its connection instead (both ends see the reset).</summary>
    public double Resets { get; set; }

    internal bool Any => ShortReads > 0 || ShortWrites > 0 || SpuriousWakeups > 0 || Resets > 0;
}
