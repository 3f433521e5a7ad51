using System.Runtime.InteropServices;
using Greenlets;

namespace Tour;

/// <summary>
/// Program Shutdown: a SIGQUIT handler, run as a greenlet on the hub, kills the greenlet that would run for ever,
/// so the program ends cleanly. As in the reference run, a greenlet sends the SIGQUIT to this process after 0.2 s;
/// with <c>TOUR_SHUTDOWN_SIGNAL=external</c> it waits for one from outside instead (<c>kill -QUIT &lt;pid&gt;</c>),
/// as the tutorial's program does.
/// </summary>
public static partial class ShutdownExample
{
    /// <summary>Set to <c>external</c> to wait for a SIGQUIT sent from outside instead of sending one.</summary>
    public const string SignalSourceVariable = "TOUR_SHUTDOWN_SIGNAL";

    private const int SigQuit = 3;

    private static Greenlet<string>? s_thread;

    /// <summary>Runs for ever, unless killed; the value says how it ended, as gevent's <c>value</c> holds the GreenletExit.</summary>
    [Greenlet]
    private static string RunForever()
    {
        try
        {
            Greenlet.Sleep(1000);
            return "returned";
        }
        catch (GreenletExit exit)
        {
            return exit.GetType().Name;
        }
    }

    [Greenlet]
    private static void SendSigquit()
    {
        Greenlet.Sleep(0.2);
        Console.WriteLine("Sending SIGQUIT to ourselves");
        kill(Environment.ProcessId, SigQuit);
    }

    /// <summary>gevent.shutdown no longer exists; kill the running greenlet instead.</summary>
    [Greenlet]
    private static void Shutdown()
    {
        Console.WriteLine("Received SIGQUIT, shutting down");
        s_thread!.Kill(block: false);
    }

    public static void Run()
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("SIGQUIT is a POSIX signal.");
        }

        using (GreenSignal.Handle(PosixSignal.SIGQUIT, Shutdown))
        {
            s_thread = Greenlet.Spawn(RunForever);
            Console.WriteLine("run_forever started; waiting for SIGQUIT");
            if (Environment.GetEnvironmentVariable(SignalSourceVariable) != "external")
            {
                Greenlet.Spawn(SendSigquit);
            }

            s_thread.Join();
            Console.WriteLine($"run_forever ended: {s_thread.Value} - dead: {s_thread.IsDead}");
        }
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int signal);
}
