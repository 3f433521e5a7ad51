using System.Runtime.InteropServices;

namespace Greenlets;

/// <summary>
/// POSIX signal handlers that run as greenlets on the hub that registered them. The signal's default action
/// (ending the process, for SIGINT, SIGQUIT and SIGTERM) is cancelled while the handler is registered.
/// Unlike gevent's, a registered handler keeps the hub's loop waiting for signals: a wait with nothing else to wake
/// it waits for a signal instead of raising <see cref="LoopExitException"/>, and the virtual clock gives the signal
/// its I/O grace to arrive before it jumps.
/// </summary>
/// <remarks>gevent: <c>gevent.signal_handler(signalnum, handler)</c>.</remarks>
public static class GreenSignal
{
    /// <summary>
    /// From now until the returned scope is disposed, each delivery of <paramref name="signal"/> spawns
    /// <paramref name="handler"/> as a new greenlet on this thread's hub. A <see cref="GreenletAttribute">[Greenlet]</see>
    /// method runs cooperatively (it may sleep, wait, kill); any other action runs as plain code.
    /// </summary>
    /// <param name="signal">The signal, e.g. <see cref="PosixSignal.SIGQUIT"/>, or a raw signal number cast to <see cref="PosixSignal"/>.</param>
    /// <param name="handler">What to run, as a greenlet, for each delivery.</param>
    /// <returns>A scope whose disposal unregisters the handler and restores the default action.</returns>
    /// <remarks>gevent: <c>gevent.signal_handler(signalnum, handler)</c>; dispose for <c>.cancel()</c>.</remarks>
    public static IDisposable Handle(PosixSignal signal, Action handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return new SignalHandlerRegistration(Hub.Current, signal, handler);
    }
}
