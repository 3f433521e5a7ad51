using System.Globalization;
using System.Net;
using System.Runtime.InteropServices;

namespace Greenlets;

/// <summary>
/// Prefork workers, gunicorn style: <see cref="Run"/> binds a listening socket, starts <c>count</c> copies of this
/// program as worker processes sharing it, restarts a worker that dies, forwards SIGTERM, SIGINT and SIGQUIT to the
/// workers for a graceful stop, and reports each worker's exit. In a worker, the same call runs the entry point
/// instead. One <c>Main</c> serves both roles:
/// <code>
/// return PreforkWorkers.Run(4, new IPEndPoint(IPAddress.Any, 8080), Serve);
///
/// [Greenlet]
/// static void Serve(PreforkWorker worker)
/// {
///     var server = new HttpServer(worker.Listener, Handle);
///     server.Start();
///     worker.StopRequested.Wait();   // SIGTERM, SIGINT or SIGQUIT, forwarded by the parent
///     server.Stop(timeout: 10);      // in-flight requests finish
/// }
/// </code>
/// </summary>
/// <remarks>
/// <para>gevent: none in gevent itself; gunicorn's arbiter with <c>-k gevent --workers N</c>.</para>
/// <para>
/// A worker is this program started again with the same arguments, with <see cref="WorkerIndexVariable"/> set to its
/// index and the listening socket on descriptor 3 with <c>LISTEN_FDS=1</c> and <c>LISTEN_PID</c> its own pid, as
/// systemd passes sockets (a <c>/bin/sh</c> sets <c>LISTEN_PID</c> to <c>$$</c> and execs the program, so the pid is
/// the worker's). A worker may serve on hubs of its own too (<c>Workers = N</c> on the server). The parent runs on the
/// calling thread's hub: it waits on each worker's pidfd, and never accepts. docs/scaling.md, "Prefork workers".
/// </para>
/// </remarks>
public static class PreforkWorkers
{
    /// <summary>The environment variable that makes a process a worker: its index, 0 to count - 1.</summary>
    public const string WorkerIndexVariable = "GREENLET_PREFORK_WORKER";

    /// <summary>The index of this process among the workers of its parent; null in the parent, or in a program not started by one.</summary>
    /// <remarks>gevent: none; gunicorn's <c>worker.age</c> comes closest.</remarks>
    public static int? WorkerIndex =>
        Environment.GetEnvironmentVariable(WorkerIndexVariable) is { } index ? int.Parse(index, CultureInfo.InvariantCulture) : null;

    /// <summary>
    /// In the parent (<see cref="WorkerIndex"/> null): binds <paramref name="address"/>, keeps <paramref name="count"/>
    /// workers running until SIGTERM, SIGINT or SIGQUIT, and returns the parent's exit code. In a worker: runs
    /// <paramref name="entry"/> as the worker's first greenlet, given the socket and the stop request, and returns 0
    /// once it has returned. Call it from <c>Main</c>, in plain code, and return what it returns.
    /// </summary>
    /// <param name="count">How many workers; at least 1.</param>
    /// <param name="address">Where the parent listens (port 0 picks a free port; the parent prints none, see <see cref="PreforkOptions.Listening"/>).</param>
    /// <param name="entry">The worker's entry point, usually a <c>[Greenlet]</c> method.</param>
    /// <param name="options">Stop timeout, restart delays, reports and the worker command; defaults when null.</param>
    /// <returns>0 when every worker ended within <see cref="PreforkOptions.StopTimeout"/> (or in a worker, when the entry point returned); 1 when some had to be killed.</returns>
    /// <exception cref="InvalidOperationException">In a worker: no socket was passed on descriptor 3.</exception>
    public static int Run(int count, IPEndPoint address, Action<PreforkWorker> entry, PreforkOptions? options = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentNullException.ThrowIfNull(address);
        ArgumentNullException.ThrowIfNull(entry);
        options ??= new PreforkOptions();
        return WorkerIndex is { } index ? RunWorker(index, entry) : RunParent(count, address, options);
    }

    private static int RunParent(int count, IPEndPoint address, PreforkOptions options)
    {
        using var listener = new GreenSocket(address.AddressFamily) { ReuseAddress = true };
        listener.Bind(address);
        listener.Listen(options.Backlog);
        options.Listening?.Invoke(listener.LocalEndPoint);
        var arbiter = new PreforkArbiter(count, listener, options, options.Command ?? ThisProgram());
        return arbiter.Run();
    }

    private static int RunWorker(int index, Action<PreforkWorker> entry)
    {
        var sockets = GreenSocket.FromSystemd();
        if (sockets.Count != 1)
        {
            throw new InvalidOperationException(
                $"{WorkerIndexVariable} is set, but no listening socket was passed on descriptor 3 (LISTEN_FDS=1, LISTEN_PID=this process).");
        }

        // The worker's own children are not workers.
        Environment.SetEnvironmentVariable(WorkerIndexVariable, null);
        var worker = new PreforkWorker(index, sockets[0]);
        using var terminate = GreenSignal.Handle(PosixSignal.SIGTERM, worker.StopRequested.Set);
        using var interrupt = GreenSignal.Handle(PosixSignal.SIGINT, worker.StopRequested.Set);
        using var quit = GreenSignal.Handle(PosixSignal.SIGQUIT, worker.StopRequested.Set);
        var greenlet = Greenlet.Spawn(entry, worker);
        greenlet.Join();
        if (greenlet.Exception is { } failure)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
        }

        return 0;
    }

    /// <summary>This program again, with its arguments: <c>dotnet app.dll args</c>, or the app host or native executable and its arguments.</summary>
    private static string[] ThisProgram()
    {
        var process = Environment.ProcessPath ?? throw new InvalidOperationException("The path of this program is unknown: set PreforkOptions.Command.");
        var arguments = Environment.GetCommandLineArgs();
        var isDotnetHost = Path.GetFileNameWithoutExtension(process) == "dotnet";
        return isDotnetHost ? [process, .. arguments] : [process, .. arguments[1..]];
    }
}
