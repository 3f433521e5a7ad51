using System.Runtime.InteropServices;
using System.Runtime.Versioning;

namespace Greenlets.Tests.Signals;

/// <summary>
/// GreenSignal.Handle: each delivery spawns the handler as a greenlet on the hub that registered it, on the hub's
/// thread; disposing unregisters. SIGWINCH is used here because its default action is to do nothing.
/// </summary>
[NonParallelizable] // signals go to the whole process
[UnsupportedOSPlatform("windows")]
[Category(TestCategories.Unit)]
public sealed partial class GreenSignalTests : HubTestBase
{
    private const int SigWinch = 28;

    // The signal arrives from the runtime's signal thread within this much real time.
    protected override HubClock CreateClock() => HubClock.Virtual(ioGrace: TimeSpan.FromMilliseconds(500));

    private int _hubThread;

    [SetUp]
    public void RecordHubThread() => _hubThread = Environment.CurrentManagedThreadId;

    [Test]
    public void HandlerRunsAsAGreenletOnTheHubThatRegisteredIt()
    {
        var handled = new Event();
        using (GreenSignal.Handle(PosixSignal.SIGWINCH, () =>
        {
            Log.Add($"handler is a greenlet: {Greenlet.Current != Hub.MainGreenlet}, on the hub thread: {Environment.CurrentManagedThreadId == _hubThread}");
            handled.Set();
        }))
        {
            SendToSelf(SigWinch);

            Assert.That(handled.Wait(timeout: 60), Is.True);
        }

        Assert.That(Log, Is.EqualTo(new[] { "handler is a greenlet: True, on the hub thread: True" }));
        Assert.That(Errors.ToString(), Is.Empty);
    }

    [Test]
    public void GreenletMethodGroupHandlerRunsCooperatively()
    {
        var handled = new Event();
        _handled = handled;
        using (GreenSignal.Handle(PosixSignal.SIGWINCH, MethodGroupHandler))
        {
            SendToSelf(SigWinch);

            Assert.That(handled.Wait(timeout: 60), Is.True);
        }

        Assert.That(Log, Is.EqualTo(new[] { "method group handler slept until 2" }));
    }

    private Event? _handled;

    [Greenlet]
    private void MethodGroupHandler()
    {
        Greenlet.Sleep(2);
        Log.Add($"method group handler slept until {Now}");
        _handled!.Set();
    }

    [Test]
    public void EachDeliverySpawnsAHandler()
    {
        var count = 0;
        var second = new Event();
        using (GreenSignal.Handle(PosixSignal.SIGWINCH, () =>
        {
            if (++count == 2)
            {
                second.Set();
            }
        }))
        {
            SendToSelf(SigWinch);
            Assert.That(SpinUntilOnHub(() => count == 1), Is.True);
            SendToSelf(SigWinch);

            Assert.That(second.Wait(timeout: 60), Is.True);
        }

        Assert.That(count, Is.EqualTo(2));
    }

    [Test]
    public void DisposedRegistrationNoLongerRunsAndTheHubStopsWaitingForSignals()
    {
        var disposedRuns = 0;
        var registration = GreenSignal.Handle(PosixSignal.SIGWINCH, () => disposedRuns++);
        Assert.That(Hub.ExternalWorkCount, Is.EqualTo(1), "a registered handler keeps the loop waiting for signals");
        registration.Dispose();
        registration.Dispose();
        Assert.That(Hub.ExternalWorkCount, Is.Zero);

        var stillRegistered = new Event();
        using (GreenSignal.Handle(PosixSignal.SIGWINCH, () => stillRegistered.Set()))
        {
            SendToSelf(SigWinch);
            Assert.That(stillRegistered.Wait(timeout: 60), Is.True);
        }

        Assert.That(disposedRuns, Is.Zero);
        Assert.Throws<LoopExitException>(() => new Event().Wait(), "no handler is left to wait for");
    }

    [Test]
    public void DisposingOnAnotherThreadEndsTheHubsWait()
    {
        var registration = GreenSignal.Handle(PosixSignal.SIGWINCH, () => { });
        var disposer = new Thread(registration.Dispose);
        disposer.Start();
        Assert.That(disposer.Join(TimeSpan.FromSeconds(30)), Is.True);

        Assert.That(SpinUntilOnHub(() => Hub.ExternalWorkCount == 0), Is.True);
    }

    [Test]
    public void NullHandlerIsRejected() =>
        Assert.Throws<ArgumentNullException>(() => GreenSignal.Handle(PosixSignal.SIGWINCH, null!));

    /// <summary>Lets the hub take in posts (each Sleep(0.01) polls) until the condition holds, a bounded number of times.</summary>
    private static bool SpinUntilOnHub(Func<bool> condition)
    {
        for (var i = 0; i < 1000 && !condition(); i++)
        {
            Greenlet.Sleep(0.01);
        }

        return condition();
    }

    private static void SendToSelf(int signal) => Assert.That(kill(Environment.ProcessId, signal), Is.Zero);

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int signal);
}
