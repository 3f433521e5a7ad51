using System.Runtime.InteropServices;

namespace Greenlets;

/// <summary>
/// The parent of <see cref="PreforkWorkers"/>: a greenlet per worker slot keeps a worker running (start, wait on its
/// pidfd, report, wait out the restart delay, start again), and the signal handlers forward a stop to the workers.
/// </summary>
internal sealed partial class PreforkArbiter(int count, GreenSocket listener, PreforkOptions options, IReadOnlyList<string> command)
{
    private const string ShellSettingListenPid = "LISTEN_PID=$$; export LISTEN_PID; exec \"$@\"";

    private readonly GreenProcess?[] _running = new GreenProcess?[count];
    private readonly Event _stopRequested = new();

    /// <summary>Keeps the workers running until a stop signal; returns the parent's exit code. Plain code: the hub runs meanwhile.</summary>
    public int Run() => PlainCallBridge.Run(RunAsync);

    private async GreenTask<int> RunAsync()
    {
        using var terminate = GreenSignal.Handle(PosixSignal.SIGTERM, () => RequestStop(PosixSignal.SIGTERM));
        using var interrupt = GreenSignal.Handle(PosixSignal.SIGINT, () => RequestStop(PosixSignal.SIGINT));
        using var quit = GreenSignal.Handle(PosixSignal.SIGQUIT, () => RequestStop(PosixSignal.SIGQUIT));
        var slots = new List<Greenlet>(count);
        for (var index = 0; index < count; index++)
        {
            slots.Add(Greenlet.SpawnTwin(KeepWorkerRunningAsync, index));
        }

        await _stopRequested.WaitAwaitable();
        if ((await Greenlet.JoinAllAwaitable(slots, timeout: options.StopTimeout)).Count == slots.Count)
        {
            return 0;
        }

        foreach (var process in _running)
        {
            process?.Kill();
        }

        await Greenlet.JoinAllAwaitable(slots);
        return 1;
    }

    /// <summary>Starts worker <paramref name="index"/>, and again after each death, until the workers stop.</summary>
    private async GreenTask KeepWorkerRunningAsync(int index)
    {
        var backoff = new RestartBackoff(options.MinRestartDelay.Seconds, options.MaxRestartDelay.Seconds, options.StableAfter.Seconds);
        while (!_stopRequested.IsSet)
        {
            var startedAt = Hub.Current.Now;
            using var process = Start(index);
            _running[index] = process;
            Report(index, process.Pid);
            var returnCode = await process.WaitAwaitable();
            _running[index] = null;
            Report(new WorkerExit(index, process.Pid, returnCode, _stopRequested.IsSet));
            var delay = backoff.Next((Hub.Current.Now - startedAt).TotalSeconds);
            await _stopRequested.WaitAwaitable(timeout: delay);
        }
    }

    private GreenProcess Start(int index)
    {
        var options = new GreenProcessOptions();
        options.ExtraEnvironment[PreforkWorkers.WorkerIndexVariable] = index.ToString(System.Globalization.CultureInfo.InvariantCulture);
        options.ExtraEnvironment["LISTEN_FDS"] = "1";
        options.ExtraEnvironment["LISTEN_FDNAMES"] = null;
        options.PassedDescriptors.Add(listener.FileNo);

        // LISTEN_PID must be the worker's own pid, which posix_spawn cannot know beforehand: a shell sets it to its
        // own pid ($$) and execs the worker in its place, keeping the pid, as systemd sets it between fork and exec.
        return GreenProcess.Start(["/bin/sh", "-c", ShellSettingListenPid, "greenlet-prefork-worker", .. command], options);
    }

    /// <summary>The first stop signal forwards itself to every running worker; the workers are not started again.</summary>
    private void RequestStop(PosixSignal signal)
    {
        _stopRequested.Set();
        var number = signal switch
        {
            PosixSignal.SIGINT => 2,
            PosixSignal.SIGQUIT => 3,
            _ => ProcessNative.SIGTERM,
        };
        foreach (var process in _running)
        {
            process?.SendSignal(number);
        }
    }

    private void Report(int index, int pid)
    {
        if (options.WorkerStarted is { } started)
        {
            started(index, pid);
        }
        else
        {
            Console.Error.WriteLine($"[prefork] worker {index} started (pid {pid})");
        }
    }

    private void Report(WorkerExit exit)
    {
        if (options.WorkerExited is { } exited)
        {
            exited(exit);
        }
        else
        {
            Console.Error.WriteLine($"[prefork] {exit}");
        }
    }
}

/// <summary>
/// The delay before a dead worker starts again: the minimum after a worker that lived long enough, doubled for each
/// short-lived death in a row, up to the maximum, so a worker that crashes at start is retried ever more slowly.
/// </summary>
internal sealed class RestartBackoff(double min, double max, double stableAfter)
{
    private double _last;

    /// <summary>The delay after a worker that lived <paramref name="livedSeconds"/>.</summary>
    public double Next(double livedSeconds)
    {
        _last = livedSeconds >= stableAfter || _last == 0 ? min : Math.Min(max, _last * 2);
        return _last;
    }
}
