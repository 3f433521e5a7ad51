using System.Net;

namespace Greenlets;

/// <summary>How <see cref="PreforkWorkers.Run"/> runs its workers.</summary>
/// <remarks>gevent: none; gunicorn's settings <c>graceful_timeout</c>, <c>backlog</c> and its server hooks.</remarks>
public sealed class PreforkOptions
{
    /// <summary>
    /// How long the parent waits, after forwarding a stop signal, for every worker to end before it kills the rest with
    /// SIGKILL. 30 seconds unless set.
    /// </summary>
    /// <remarks>gevent: none; gunicorn's <c>graceful_timeout</c> (30 seconds).</remarks>
    public GreenDuration StopTimeout { get; set; } = 30;

    /// <summary>
    /// The delay before a worker that died is started again, the first time; it doubles for each death in a row of a
    /// worker that lived less than <see cref="StableAfter"/>, up to <see cref="MaxRestartDelay"/>, so that a worker
    /// that crashes at start does not spin. 0.1 seconds unless set.
    /// </summary>
    public GreenDuration MinRestartDelay { get; set; } = 0.1;

    /// <summary>The longest delay before a worker is started again. 10 seconds unless set.</summary>
    public GreenDuration MaxRestartDelay { get; set; } = 10;

    /// <summary>A worker that lived this long before it died is started again after <see cref="MinRestartDelay"/>. 5 seconds unless set.</summary>
    public GreenDuration StableAfter { get; set; } = 5;

    /// <summary>The backlog of the listening socket. 1024 unless set.</summary>
    /// <remarks>gevent: none; gunicorn's <c>backlog</c> (2048).</remarks>
    public int Backlog { get; set; } = 1024;

    /// <summary>The command that starts a worker; null starts this program again with its arguments.</summary>
    public IReadOnlyList<string>? Command { get; set; }

    /// <summary>Called in the parent once it listens, with the bound address (the port chosen when 0 was asked).</summary>
    /// <remarks>gevent: none; gunicorn's <c>when_ready</c> hook.</remarks>
    public Action<IPEndPoint>? Listening { get; set; }

    /// <summary>Called in the parent after a worker started, with its index and pid; null writes a line to standard error.</summary>
    /// <remarks>gevent: none; gunicorn's <c>post_fork</c> hook.</remarks>
    public Action<int, int>? WorkerStarted { get; set; }

    /// <summary>Called in the parent after a worker ended and was reaped; null writes a line to standard error.</summary>
    /// <remarks>gevent: none; gunicorn's <c>child_exit</c> hook.</remarks>
    public Action<WorkerExit>? WorkerExited { get; set; }
}

/// <summary>How a prefork worker ended: its index, its pid, and its exit code or the signal that ended it.</summary>
/// <param name="Index">The worker's index, 0 to count - 1.</param>
/// <param name="Pid">The worker's process id.</param>
/// <param name="ReturnCode">Its exit code, or minus the number of the signal that ended it, as <see cref="GreenProcess.ReturnCode"/>.</param>
/// <param name="IsStopping">True when it ended after the parent asked the workers to stop; it is not started again then.</param>
/// <remarks>gevent: none; what gunicorn's arbiter logs for each worker it reaps.</remarks>
public readonly record struct WorkerExit(int Index, int Pid, int ReturnCode, bool IsStopping)
{
    /// <summary>The exit code when the worker exited; null when a signal ended it.</summary>
    public int? ExitCode => ReturnCode >= 0 ? ReturnCode : null;

    /// <summary>The signal that ended the worker; null when it exited.</summary>
    public int? Signal => ReturnCode < 0 ? -ReturnCode : null;

    /// <inheritdoc/>
    public override string ToString() =>
        $"worker {Index} (pid {Pid}) {(Signal is { } signal ? $"was killed by signal {signal}" : $"exited with code {ReturnCode}")}{(IsStopping ? " while stopping" : "")}";
}

/// <summary>What a prefork worker's entry point is given: its index, the shared listening socket, and the stop request.</summary>
/// <remarks>gevent: none; gunicorn's <c>Worker</c> (<c>age</c>, <c>sockets</c>, <c>alive</c>).</remarks>
public sealed class PreforkWorker
{
    internal PreforkWorker(int index, GreenSocket listener)
    {
        Index = index;
        Listener = listener;
    }

    /// <summary>The worker's index, 0 to count - 1; a worker started again after a death keeps its index.</summary>
    public int Index { get; }

    /// <summary>The listening socket the parent bound, shared with the other workers: give it to a server.</summary>
    public GreenSocket Listener { get; }

    /// <summary>
    /// Set when the worker receives SIGTERM, SIGINT or SIGQUIT (the parent forwards them): stop accepting and let the
    /// requests in flight finish, within the parent's <see cref="PreforkOptions.StopTimeout"/>, after which the parent
    /// kills the worker.
    /// </summary>
    public Event StopRequested { get; } = new();
}
