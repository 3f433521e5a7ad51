namespace Greenlets;

public sealed partial class GreenWebSocket
{
    // A message being received counts against the server-wide HttpLimits.MaxBufferedBytes, frame by frame, until it
    // is handed to the handler. Without room the connection waits, not reading (the client's sends stall in TCP's flow
    // control), until the frame's deadline; then it is closed with 1013.

    private async GreenTask TakeBufferedAsync(long count)
    {
        if (_budget is null || count == 0)
        {
            return;
        }

        var deadline = _frameDeadline ?? _hub.Now + (_limits.FrameWithin ?? TimeSpan.FromSeconds(_ioTimeout));
        if (!_budget.TryTake(count) && !await _budget.TakeAsync(count, _budgetHeld, deadline))
        {
            throw new NoRoomException();
        }

        _budgetHeld += count;
    }

    /// <summary>Gives the message's bytes back to the server's budget: handed to the handler, or the connection ended.</summary>
    internal void ReturnBufferedBytes()
    {
        _budget?.Give(_budgetHeld);
        _budgetHeld = 0;
    }

    /// <summary>No room in the server's budget for a frame before its deadline.</summary>
    private sealed class NoRoomException : Exception;
}
