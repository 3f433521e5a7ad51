using System.ComponentModel;
using Greenlets.LowLevel;

namespace Greenlets;

/// <summary>
/// A child process on the hub: started with <c>posix_spawn</c>, its pipes green streams waited on by the reactor,
/// its exit seen through a pidfd the reactor watches. No thread waits for it and nothing blocks the hub.
/// </summary>
/// <remarks>
/// <para>gevent: <c>gevent.subprocess.Popen</c>.</para>
/// <para>
/// <see cref="Dispose"/> closes the pipes and does not kill the child. A child not yet reaped then is reaped by a
/// greenlet that waits for its exit, so none is left a zombie while the hub runs. See docs/subprocess.md.
/// </para>
/// </remarks>
public sealed partial class GreenProcess : IDisposable
{
    private const string WaitOperation = "GreenProcess.Wait";
    private const double FallbackPollSeconds = 0.01;

    private readonly ParkingLot _exitWaiters = new();
    private int _pidfd;
    private bool _isWatchingExit;
    private bool _isDisposed;

    private GreenProcess(IReadOnlyList<string> arguments, int pid, int pidfd, GreenStream? stdin, GreenStream? stdout, GreenStream? stderr)
    {
        Arguments = arguments;
        Pid = pid;
        _pidfd = pidfd;
        Stdin = stdin;
        Stdout = stdout;
        Stderr = stderr;
    }

    /// <summary>The command: the program and its arguments (gevent: <c>args</c>).</summary>
    public IReadOnlyList<string> Arguments { get; }

    /// <summary>The child's process id (gevent: <c>pid</c>).</summary>
    public int Pid { get; }

    /// <summary>
    /// Null while the child runs; once it has been reaped (by <see cref="Poll"/>, <see cref="Wait"/> or
    /// <c>Communicate</c>), its exit status, or minus the number of the signal that ended it (gevent: <c>returncode</c>).
    /// </summary>
    public int? ReturnCode { get; private set; }

    /// <summary>The write end of the child's standard input, when it is <see cref="ProcessStdio.Pipe"/> (gevent: <c>stdin</c>).</summary>
    public GreenStream? Stdin { get; }

    /// <summary>The read end of the child's standard output, when it is <see cref="ProcessStdio.Pipe"/> (gevent: <c>stdout</c>).</summary>
    public GreenStream? Stdout { get; }

    /// <summary>The read end of the child's standard error, when it is <see cref="ProcessStdio.Pipe"/> (gevent: <c>stderr</c>).</summary>
    public GreenStream? Stderr { get; }

    /// <summary>True when the kernel gave a pidfd for the child, so its exit is waited on by the reactor rather than polled.</summary>
    internal bool UsesPidfd { get; private init; }

    /// <summary>
    /// gevent: <c>gevent.subprocess.Popen(args, ...)</c>. Starts <paramref name="arguments"/>[0], found on <c>PATH</c>
    /// as <c>execvp</c> finds it, with the rest as its arguments; no shell is involved.
    /// </summary>
    /// <param name="arguments">The program and its arguments.</param>
    /// <param name="options">Pipes, environment and working directory; every stream inherited when null.</param>
    /// <returns>The running child.</returns>
    /// <exception cref="FileNotFoundException">The program does not exist (the message names it).</exception>
    /// <exception cref="DirectoryNotFoundException">The working directory does not exist.</exception>
    /// <exception cref="IOException">Another error from <c>posix_spawn</c>, a pipe or <c>/dev/null</c>.</exception>
    public static GreenProcess Start(IReadOnlyList<string> arguments, GreenProcessOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        if (arguments.Count == 0)
        {
            throw new ArgumentException("A command needs at least the program.", nameof(arguments));
        }

        options ??= new GreenProcessOptions();
        if (options.WorkingDirectory is { } cwd && !Directory.Exists(cwd))
        {
            throw new DirectoryNotFoundException($"No such file or directory: '{cwd}'");
        }

        if (options.Stdin == ProcessStdio.ToStdout || options.Stdout == ProcessStdio.ToStdout)
        {
            throw new ArgumentException("Only standard error can go to standard output.", nameof(options));
        }

        var command = arguments.ToArray();
        using var plumbing = new ChildPlumbing();
        var stdin = plumbing.Prepare(options.Stdin, parentReads: false, "stdin");
        var stdout = plumbing.Prepare(options.Stdout, parentReads: true, "stdout");
        var stderr = options.Stderr == ProcessStdio.ToStdout ? stdout.ChildFd < 0 ? ChildEnd.Inherit(1) : stdout with { ParentFd = -1 }
            : plumbing.Prepare(options.Stderr, parentReads: true, "stderr");
        var pid = ProcessSpawner.Spawn(command, options, stdin.ChildFd, stdout.ChildFd, stderr.ChildFd);

        var pidfd = ProcessNative.PidfdOpen(pid);
        var process = new GreenProcess(
            command,
            pid,
            pidfd,
            plumbing.TakeStream(stdin, readable: false, "stdin"),
            plumbing.TakeStream(stdout, readable: true, "stdout"),
            plumbing.TakeStream(stderr, readable: true, "stderr"))
        {
            UsesPidfd = pidfd >= 0,
        };
        return process;
    }

    /// <summary>
    /// gevent: <c>Popen(command, shell=True)</c>. Starts <c>/bin/sh -c <paramref name="command"/></c>. Quote what
    /// comes from outside yourself; <see cref="Start(IReadOnlyList{string}, GreenProcessOptions?)"/> needs no quoting.
    /// </summary>
    /// <param name="command">The shell command line.</param>
    /// <param name="options">Pipes, environment and working directory; every stream inherited when null.</param>
    /// <returns>The running shell.</returns>
    public static GreenProcess Shell(string command, GreenProcessOptions? options = null) => Start(ShellCommand(command), options);

    /// <summary>The arguments that run <paramref name="command"/> in <c>/bin/sh</c>.</summary>
    /// <param name="command">The shell command line.</param>
    /// <returns><c>["/bin/sh", "-c", command]</c>.</returns>
    public static IReadOnlyList<string> ShellCommand(string command)
    {
        ArgumentNullException.ThrowIfNull(command);
        return ["/bin/sh", "-c", command];
    }

    /// <summary>
    /// gevent: <c>Popen.poll()</c>. Reaps the child if it has ended, without waiting.
    /// </summary>
    /// <returns>The <see cref="ReturnCode"/>: null while the child runs.</returns>
    public unsafe int? Poll()
    {
        if (ReturnCode is { } done)
        {
            return done;
        }

        var info = stackalloc byte[ProcessNative.SigInfoSize];
        while (true)
        {
            new Span<byte>(info, ProcessNative.SigInfoSize).Clear();
            var result = _pidfd >= 0
                ? ProcessNative.waitid(ProcessNative.P_PIDFD, _pidfd, info, ProcessNative.WEXITED | ProcessNative.WNOHANG)
                : ProcessNative.waitid(ProcessNative.P_PID, Pid, info, ProcessNative.WEXITED | ProcessNative.WNOHANG);
            if (result == 0)
            {
                break;
            }

            var errno = ProcessNative.Errno;
            if (errno == ProcessNative.ECHILD)
            {
                // Someone else reaped it (a SIGCHLD handler that reaps every child): Python reports 0 then too.
                SetExited(0);
                return 0;
            }

            if (errno != ProcessNative.EINTR)
            {
                throw new IOException($"waitid for process {Pid} failed: {ProcessNative.Describe(errno)}");
            }
        }

        // siginfo_t: si_code at 8; for SIGCHLD si_pid at 16 and si_status at 24. si_pid stays 0 while the child runs.
        if (*(int*)(info + 16) == 0)
        {
            return null;
        }

        var status = *(int*)(info + 24);
        var returnCode = *(int*)(info + 8) == ProcessNative.CLD_EXITED ? status : -status;
        SetExited(returnCode);
        return returnCode;
    }

    /// <summary>
    /// gevent: <c>Popen.wait(timeout)</c>. Waits for the child to end and reaps it; only this greenlet waits.
    /// </summary>
    /// <param name="timeout">The longest wait; null waits as long as it takes.</param>
    /// <returns>The <see cref="ReturnCode"/>.</returns>
    /// <exception cref="ProcessTimeoutException">The child was still running when the timeout passed; it goes on running.</exception>
    [Cooperative(nameof(WaitAwaitable))]
    public int Wait(GreenDuration? timeout = null) => Poll() ?? PlainCallBridge.Run(() => WaitCoreAsync(timeout.InSeconds(), timeout.InSeconds()));

    /// <summary>The form rewritten <c>[Greenlet]</c> code awaits; write <see cref="Wait"/> instead.</summary>
    /// <param name="timeout">The longest wait; null waits as long as it takes.</param>
    /// <returns>The awaitable operation.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public GreenTask<int> WaitAwaitable(GreenDuration? timeout = null) =>
        Poll() is { } done ? new GreenTask<int>(done) : WaitCoreAsync(timeout.InSeconds(), timeout.InSeconds());

    /// <summary>gevent: <c>Popen.send_signal(sig)</c>. Sends <paramref name="signal"/>; does nothing once the child was reaped.</summary>
    /// <param name="signal">The signal number (9 is SIGKILL, 15 SIGTERM, 2 SIGINT).</param>
    /// <exception cref="IOException">The kernel refused.</exception>
    public void SendSignal(int signal)
    {
        if (Poll() is not null)
        {
            return;
        }

        // Through the pidfd when there is one: the number cannot have been reused by another process.
        var result = _pidfd >= 0 ? ProcessNative.PidfdSendSignal(_pidfd, signal) : ProcessNative.kill(Pid, signal);
        if (result != 0 && ProcessNative.Errno is var errno && errno != ProcessNative.ESRCH)
        {
            throw new IOException($"signal {signal} to process {Pid} failed: {ProcessNative.Describe(errno)}");
        }
    }

    /// <summary>gevent: <c>Popen.kill()</c>. Sends SIGKILL; the <see cref="ReturnCode"/> becomes -9.</summary>
    public void Kill() => SendSignal(ProcessNative.SIGKILL);

    /// <summary>gevent: <c>Popen.terminate()</c>. Sends SIGTERM; the <see cref="ReturnCode"/> becomes -15 unless the child handles it.</summary>
    public void Terminate() => SendSignal(ProcessNative.SIGTERM);

    /// <summary>
    /// Closes the pipes. Does not kill the child: when it has not been reaped yet, a greenlet waits for its exit
    /// and reaps it (Python's <c>Popen.__exit__</c> waits for the child instead).
    /// </summary>
    public void Dispose()
    {
        if (_isDisposed)
        {
            return;
        }

        _isDisposed = true;
        Stdin?.Dispose();
        Stdout?.Dispose();
        Stderr?.Dispose();
        if (Poll() is null)
        {
            Greenlet.SpawnTwin(() => ReapAsync());
        }
    }

    /// <inheritdoc/>
    public override string ToString() => $"GreenProcess(pid {Pid}, {(ReturnCode is { } rc ? $"returncode {rc}" : "running")})";

    private async GreenTask ReapAsync()
    {
        try
        {
            await WaitCoreAsync(null, null);
        }
        catch (FileDescriptorClosedException)
        {
        }
    }

    private async GreenTask<int> WaitCoreAsync(double? timeout, double? timeoutForMessage)
    {
        var deadline = GreenStream.Deadline(timeout);
        while (true)
        {
            if (Poll() is { } done)
            {
                return done;
            }

            var remaining = GreenStream.Remaining(deadline);
            if (remaining == 0)
            {
                throw new ProcessTimeoutException(Arguments, timeoutForMessage ?? 0);
            }

            if (_pidfd < 0)
            {
                // No pidfd (a kernel before 5.3): look again after a short sleep. Documented in docs/subprocess.md.
                await Greenlet.SleepAwaitable(remaining is { } r ? Math.Min(r, FallbackPollSeconds) : FallbackPollSeconds);
            }
            else if (_isWatchingExit)
            {
                // One greenlet waits on the pidfd (the reactor allows one per direction); the others park here.
                await _exitWaiters.ParkAwaitable(remaining);
            }
            else
            {
                _isWatchingExit = true;
                try
                {
                    await HubLoop.WaitReadableAwaitable(_pidfd, remaining);
                }
                catch (FileDescriptorClosedException)
                {
                    // Another caller reaped the child and closed the pidfd; Poll reports the code.
                }
                finally
                {
                    _isWatchingExit = false;
                    _exitWaiters.UnparkAll();
                }
            }
        }
    }

    private void SetExited(int returnCode)
    {
        ReturnCode = returnCode;
        var pidfd = _pidfd;
        if (pidfd >= 0)
        {
            _pidfd = -1;
            HubLoop.CancelWaits(pidfd);
            ProcessNative.close(pidfd);
        }

        _exitWaiters.UnparkAll();
    }
}
