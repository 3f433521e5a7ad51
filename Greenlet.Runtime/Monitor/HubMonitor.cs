using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace Greenlets;

/// <summary>
/// Watches one hub from a thread of its own: when a greenlet runs longer than <see cref="Threshold"/> without
/// yielding (so nothing else on the hub can run), it writes a report to the hub's <see cref="Hub.ErrorWriter"/>
/// naming the greenlet, its [Greenlet] method and the suspension point it last resumed from. On SIGQUIT it has the
/// hub write <see cref="Hub.FormatRunInfo"/>. Start it with <see cref="Hub.EnableMonitor"/> or
/// <c>GREENLET_MONITOR=1</c>; dispose it to stop it. Each report is also raised as an object, <see cref="Hub.LoopBlocked"/>.
/// </summary>
/// <remarks>
/// gevent: <c>gevent._monitor.PeriodicMonitoringThread</c> (<c>config.monitor_thread</c>). The hub's loop pays for
/// it only while it runs: one counter increment per turn always (it is also the switch metric) and one branch.
/// The report is written from the monitor's thread while the greenlet is still running, as gevent's is, so the
/// error writer must accept writes from another thread (<see cref="Console.Error"/> does; the monitor locks the
/// writer while it writes).
/// </remarks>
public sealed class HubMonitor : IDisposable
{
    /// <summary>The threshold when none is given: 100 ms, as gevent's <c>max_blocking_time</c>.</summary>
    public const double DefaultThresholdSeconds = 0.1;

    private readonly Hub _hub;
    private readonly int _hubThreadId = Environment.CurrentManagedThreadId;
    private readonly ManualResetEventSlim _stop = new();
    private readonly Lock _signalLock = new();
    private readonly Thread _thread;
    private PosixSignalRegistration? _sigquit;
    private int _reports;
    private volatile bool _stopped;

    // Written by the hub thread as each greenlet starts its turn (only while the monitor runs), read by the monitor
    // thread once the turn counter has stood still for a whole threshold, when they no longer change.
    private Greenlet? _turnGreenlet;
    private Type? _turnFrameType;
    private int _turnFrameState;
    private long _turnNumber = -1;

    internal HubMonitor(Hub hub, TimeSpan threshold)
    {
        _hub = hub;
        Threshold = threshold;
        _thread = new Thread(Watch) { IsBackground = true, Name = "Greenlet hub monitor" };
    }

    /// <summary>How long a greenlet may run without yielding before it is reported.</summary>
    /// <remarks>gevent: <c>config.max_blocking_time</c>.</remarks>
    public TimeSpan Threshold { get; }

    /// <summary>How many blocking reports the monitor has written.</summary>
    public int ReportCount => Volatile.Read(ref _reports);

    /// <summary>Stops the monitor thread and the SIGQUIT handler.</summary>
    public void Dispose()
    {
        if (_stopped)
        {
            return;
        }

        lock (_signalLock)
        {
            _stopped = true;
        }

        _stop.Set();
        _sigquit?.Dispose();
        if (Thread.CurrentThread != _thread)
        {
            _thread.Join();
        }

        _hub.OnMonitorStopped(this);
    }

    /// <inheritdoc/>
    public override string ToString() =>
        $"<HubMonitor of the hub on thread {_hubThreadId}, threshold {Threshold.TotalMilliseconds.ToString(CultureInfo.InvariantCulture)} ms>";

    internal void Start()
    {
        var reactor = _hub.Reactor; // on the hub thread: the doorbell the SIGQUIT dump is posted through
        if (!OperatingSystem.IsWindows())
        {
            _sigquit = PosixSignalRegistration.Create(PosixSignal.SIGQUIT, context =>
            {
                context.Cancel = true; // the dump replaces the default action (a core dump)
                lock (_signalLock)
                {
                    // Under the lock Dispose takes: once the monitor is stopped (before its hub's reactor goes), no post.
                    if (!_stopped)
                    {
                        reactor.PostFromAnyThread(new RunInfoDump(), endsExternalWork: false);
                    }
                }
            });
        }

        _thread.Start();
    }

    /// <summary>On the hub thread, as <paramref name="item"/> starts its turn: remembers where a greenlet resumes from.</summary>
    internal void BeforeTurn(IHubRunnable item, long turn)
    {
        if (item is Greenlet greenlet)
        {
            var frame = (greenlet.Continuation ?? greenlet) as ISuspendedFrame;
            _turnGreenlet = greenlet;
            _turnFrameType = frame?.StateMachineType;
            _turnFrameState = frame?.State ?? int.MinValue;
        }
        else
        {
            _turnGreenlet = null;
        }

        Volatile.Write(ref _turnNumber, turn);
    }

    /// <summary>On the hub thread, as a turn ends: the hub is no longer held by the greenlet that had it.</summary>
    internal void AfterTurn() => Volatile.Write(ref _turnGreenlet, null);

    private void Watch()
    {
        // Check four times per threshold, so a greenlet is reported at most a quarter threshold late.
        var interval = TimeSpan.FromTicks(Math.Max(TimeSpan.TicksPerMillisecond, Threshold.Ticks / 4));
        var lastTurns = _hub.Switches;
        var lastChange = Stopwatch.GetTimestamp();
        var reportedTurn = -1L;
        while (!_stop.Wait(interval))
        {
            var turns = _hub.Switches;
            var now = Stopwatch.GetTimestamp();
            if (turns != lastTurns)
            {
                lastTurns = turns;
                lastChange = now;
                continue;
            }

            var stalled = Stopwatch.GetElapsedTime(lastChange, now);
            if (reportedTurn == turns || stalled < Threshold)
            {
                continue;
            }

            // The counter stood still for a whole threshold: if a greenlet holds the hub, its turn record is settled.
            if (Volatile.Read(ref _turnGreenlet) is { } running and not MainGreenlet
                && Volatile.Read(ref _turnNumber) == turns)
            {
                reportedTurn = turns;
                Report(running, _turnFrameType, _turnFrameState, stalled);
            }
        }
    }

    private void Report(Greenlet greenlet, Type? frameType, int frameState, TimeSpan stalled)
    {
        var description = greenlet.DescribeFromAnotherThread();
        var point = frameType is null ? "(unknown: it is not a rewritten [Greenlet] call)" : StateMachineDescription.PointOf(frameType, frameState);
        var text = new StringBuilder();
        text.AppendLine(new string('=', 80));
        text.AppendLine(CultureInfo.InvariantCulture, $"{DateTime.UtcNow:yyyy-MM-ddTHH:mm:ssZ} : Greenlet {description} appears to be blocked");
        text.AppendLine(CultureInfo.InvariantCulture, $"    Reported by {this}");
        text.AppendLine(CultureInfo.InvariantCulture, $"    Running without yielding for at least {(long)stalled.TotalMilliseconds} ms");
        if (greenlet.RootMethodName is { } method)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"    [Greenlet] method: {method}");
        }

        text.AppendLine("Blocked since its last suspension point:");
        text.Append("  ").AppendLine(point);
        var writer = _hub.ErrorWriter;
        lock (writer)
        {
            writer.Write(text.ToString());
            writer.Flush();
        }

        Interlocked.Increment(ref _reports);
        _hub.RaiseLoopBlocked(new EventLoopBlocked(greenlet, description, stalled, greenlet.RootMethodName, point));
    }

    /// <summary>Posted by the SIGQUIT handler: the dump is made on the hub thread, where its state may be read.</summary>
    private sealed class RunInfoDump : IHubRunnable
    {
        public void RunOnHub(Hub hub)
        {
            var writer = hub.ErrorWriter;
            lock (writer)
            {
                writer.WriteLine(hub.FormatRunInfo());
                writer.Flush();
            }
        }
    }
}
