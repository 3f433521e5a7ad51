using Greenlets.LowLevel;

namespace Greenlets;

/// <summary>
/// The server-wide bound on bytes held in memory for request bodies read whole and WebSocket messages being received
/// (<see cref="HttpLimits.MaxBufferedBytes"/>). A connection takes its bytes before it reads them; when the bound is
/// reached it waits, and meanwhile stops reading, so the client's sends stall in TCP's flow control (back-pressure).
/// Only a wait that outlasts its deadline fails (503, or WebSocket close 1013).
/// </summary>
internal sealed class BufferedBytesBudget(long limit)
{
    private readonly ParkingLot _waiting = new();
    private long _held;
    private long _heldByWaiters; // of _held, what connections waiting here hold: they give nothing back while they wait

    /// <summary>The bytes held now, across every connection.</summary>
    public long Held => _held;

    /// <summary>Takes <paramref name="count"/> bytes if they fit now.</summary>
    public bool TryTake(long count)
    {
        if (_held + count > limit)
        {
            return false;
        }

        _held += count;
        return true;
    }

    /// <summary>
    /// Takes <paramref name="count"/> more bytes for a requester that holds <paramref name="alreadyHeld"/>, waiting for
    /// other connections to give bytes back until <paramref name="deadline"/> (the hub's clock); false if they did not
    /// in time, or never could: the requester's total is over the whole bound (it would wait for itself), or every
    /// byte held belongs to a waiter (bodies growing into the bound, each waiting for the others: the newest gives up,
    /// and what it gives back lets the others go on).
    /// </summary>
    public async GreenTask<bool> TakeAsync(long count, long alreadyHeld, TimeSpan deadline)
    {
        var hub = Hub.Current;
        while (!TryTake(count))
        {
            var remaining = deadline - hub.Now;
            if (alreadyHeld + count > limit || remaining <= TimeSpan.Zero || _heldByWaiters + alreadyHeld == _held)
            {
                return false;
            }

            _heldByWaiters += alreadyHeld;
            try
            {
                await _waiting.ParkAwaitable(remaining);
            }
            finally
            {
                _heldByWaiters -= alreadyHeld;
            }
        }

        return true;
    }

    /// <summary>Gives back bytes taken earlier, and lets every waiter look again (the first that fits goes on).</summary>
    public void Give(long count)
    {
        if (count == 0)
        {
            return;
        }

        _held -= count;
        System.Diagnostics.Debug.Assert(_held >= 0, "more bytes given back than taken");
        _waiting.UnparkAll();
    }
}
