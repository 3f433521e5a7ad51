using System.Globalization;

namespace Greenlets;

public sealed partial class Hub
{
    /// <summary>Set to <c>1</c> to start the blocking monitor on every hub as it is created.</summary>
    public const string MonitorEnvironmentVariable = "GREENLET_MONITOR";

    /// <summary>The monitor's threshold in seconds when started by <see cref="MonitorEnvironmentVariable"/>; 0.1 by default.</summary>
    public const string MaxBlockingTimeEnvironmentVariable = "GREENLET_MAX_BLOCKING_TIME";

    // Turns taken from the ready queue: the monitor watches it move, and the metrics report it. A plain field,
    // bumped by the hub thread only, read (racily, which is fine for both) by other threads.
    private long _turns;
    private HubMonitor? _monitor;
    private long _lastTimerLateness;

    /// <summary>Entries of the ready queue run so far: greenlet switches plus hub callbacks.</summary>
    /// <remarks>gevent: the monitor thread's greenlet switch counter.</remarks>
    public long Switches => Volatile.Read(ref _turns);

    /// <summary>How late the last timer the loop fired was, compared with its deadline.</summary>
    public TimeSpan LoopLag => TimeSpan.FromTicks(Volatile.Read(ref _lastTimerLateness));

    /// <summary>The blocking monitor of this hub, if one is running.</summary>
    public HubMonitor? Monitor => _monitor;

    /// <summary>
    /// Starts the blocking monitor: a thread that reports to <see cref="ErrorWriter"/> any greenlet that runs for more
    /// than <paramref name="threshold"/> without yielding, and writes <see cref="FormatRunInfo"/> on SIGQUIT.
    /// Starting it twice returns the running one. Dispose the monitor to stop it; it also stops with its hub.
    /// </summary>
    /// <param name="threshold">
    /// How long a greenlet may run without yielding before it is reported, in seconds or as a <see cref="TimeSpan"/>;
    /// null for <see cref="HubMonitor.DefaultThresholdSeconds"/> (0.1).
    /// </param>
    /// <returns>The running monitor.</returns>
    /// <remarks>gevent: <c>gevent.config.monitor_thread = True</c> with <c>max_blocking_time</c>.</remarks>
    public HubMonitor EnableMonitor(GreenDuration? threshold = null)
    {
        var thresholdSeconds = threshold?.Seconds ?? HubMonitor.DefaultThresholdSeconds;
        if (!(thresholdSeconds > 0) || double.IsInfinity(thresholdSeconds))
        {
            throw new ArgumentOutOfRangeException(nameof(threshold), thresholdSeconds, "The monitor's threshold must be a positive, finite number of seconds.");
        }

        if (_monitor is { } running)
        {
            return running;
        }

        var monitor = new HubMonitor(this, TimeSpan.FromSeconds(thresholdSeconds));
        lock (_hooksLock)
        {
            _monitor = monitor;
            RebuildHooks();
        }

        monitor.Start();
        return monitor;
    }

    /// <summary>
    /// Every greenlet of this hub as a tree under the greenlet that spawned it, with its state and the suspension
    /// point it waits at, after a line about the hub itself. Call it on the hub's thread.
    /// </summary>
    /// <returns>The report, one line per fact.</returns>
    /// <remarks>gevent: <c>gevent.util.format_run_info()</c>.</remarks>
    public string FormatRunInfo() => RunInfo.Format(this);

    /// <summary>Writes <see cref="FormatRunInfo"/> to <paramref name="writer"/> (standard error by default).</summary>
    /// <param name="writer">Where to write; null means <see cref="Console.Error"/>.</param>
    /// <remarks>gevent: <c>gevent.util.print_run_info()</c>.</remarks>
    public void PrintRunInfo(TextWriter? writer = null) => (writer ?? Console.Error).WriteLine(FormatRunInfo());

    internal int ReadyCount => _ready.Count;

    internal int TimerCount => _timers.Count;

    internal int LiveCount => Volatile.Read(ref _liveCount);

    internal void OnMonitorStopped(HubMonitor monitor)
    {
        lock (_hooksLock)
        {
            if (ReferenceEquals(_monitor, monitor))
            {
                _monitor = null;
                RebuildHooks();
            }
        }
    }

    private void StartMonitorFromEnvironment()
    {
        if (Environment.GetEnvironmentVariable(MonitorEnvironmentVariable) is not { } flag || flag.Trim() is "" or "0" or "false")
        {
            return;
        }

        var threshold = HubMonitor.DefaultThresholdSeconds;
        if (Environment.GetEnvironmentVariable(MaxBlockingTimeEnvironmentVariable) is { } text
            && !double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out threshold))
        {
            throw new InvalidOperationException($"{MaxBlockingTimeEnvironmentVariable}='{text}' is not a number of seconds.");
        }

        EnableMonitor(threshold);
    }
}
