using System.Runtime.InteropServices;

namespace Greenlets;

/// <summary>
/// One <see cref="GreenSignal.Handle"/> registration: the runtime's signal thread only posts to the hub, and the hub
/// spawns the handler. It counts as the hub's external work until disposed, so the loop waits for signals.
/// </summary>
internal sealed class SignalHandlerRegistration : IDisposable, IHubRunnable
{
    private readonly Hub _hub;
    private readonly Reactor _reactor;
    private readonly Action _handler;
    private readonly PosixSignalRegistration _registration;
    private readonly int _hubThreadId = Environment.CurrentManagedThreadId;
    private int _disposed;

    public SignalHandlerRegistration(Hub hub, PosixSignal signal, Action handler)
    {
        _hub = hub;
        _handler = handler;
        _reactor = hub.BeginExternalWork();
        try
        {
            _registration = PosixSignalRegistration.Create(signal, OnSignal);
        }
        catch
        {
            hub.EndExternalWork();
            throw;
        }
    }

    /// <summary>On the runtime's signal thread.</summary>
    private void OnSignal(PosixSignalContext context)
    {
        context.Cancel = true;
        if (Volatile.Read(ref _disposed) == 0)
        {
            _reactor.PostFromAnyThread(this, endsExternalWork: false);
        }
    }

    void IHubRunnable.RunOnHub(Hub hub)
    {
        if (_disposed == 0)
        {
            Greenlet.Spawn(_handler);
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _registration.Dispose();
        if (Environment.CurrentManagedThreadId == _hubThreadId)
        {
            _hub.EndExternalWork();
        }
        else
        {
            _reactor.PostFromAnyThread(Unregistered.Instance, endsExternalWork: true);
        }
    }

    /// <summary>Ends the external work of a registration disposed on another thread.</summary>
    private sealed class Unregistered : IHubRunnable
    {
        public static readonly Unregistered Instance = new();

        public void RunOnHub(Hub hub)
        {
        }
    }
}
