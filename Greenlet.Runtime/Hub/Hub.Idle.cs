namespace Greenlets;

public sealed partial class Hub
{
    // Greenlets parked in Greenlet.Idle, with the wait token each parked with: a killed idler has moved on, and its
    // entry is skipped. A list, not a queue: libev runs the idle watchers of one pass last started first.
    private readonly List<(Greenlet Greenlet, int Token)> _idlers = [];

    /// <summary>Parks the running greenlet until the loop has nothing else to do.</summary>
    internal GreenAwaitable ParkUntilIdle(Greenlet greenlet)
    {
        AssertOnHubThread();
        _idlers.Add((greenlet, greenlet.WaitToken));
        return Park(greenlet);
    }

    /// <summary>
    /// Called when a pass leaves nothing ready: takes in I/O first (ready descriptors keep the loop busy, as in
    /// libev), and if still nothing is ready, wakes every idler, the last to start idling first.
    /// </summary>
    /// <returns>True when the loop has work again (I/O or idlers); false when there were no idlers.</returns>
    private bool WakeIdlers()
    {
        if (_idlers.Count == 0)
        {
            return false;
        }

        PollWithoutWaiting();
        if (_ready.Count > 0)
        {
            return true;
        }

        for (var i = _idlers.Count - 1; i >= 0; i--)
        {
            var (greenlet, token) = _idlers[i];
            if (greenlet.IsParkedIn(token))
            {
                Wake(greenlet);
            }
        }

        _idlers.Clear();
        return true;
    }
}
