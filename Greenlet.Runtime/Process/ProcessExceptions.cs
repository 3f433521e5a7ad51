namespace Greenlets;

/// <summary>
/// A child process did not finish within the timeout of <see cref="GreenProcess.Wait"/> or
/// <see cref="GreenProcess.Communicate(byte[], GreenDuration?)"/>. The child goes on running; after a
/// <c>Communicate</c> timeout, a later <c>Communicate</c> continues and returns everything read.
/// </summary>
/// <remarks>gevent: <c>subprocess.TimeoutExpired</c>.</remarks>
public sealed class ProcessTimeoutException : TimeoutException
{
    /// <summary>Creates the exception for <paramref name="command"/>, which ran longer than <paramref name="seconds"/>.</summary>
    /// <param name="command">The command's arguments.</param>
    /// <param name="seconds">The timeout that passed.</param>
    public ProcessTimeoutException(IReadOnlyList<string> command, double seconds)
        : base($"Command '{ProcessText.Command(command)}' timed out after {ProcessText.Seconds(seconds)} seconds")
    {
        Command = command;
        Seconds = seconds;
    }

    /// <summary>The command's arguments.</summary>
    public IReadOnlyList<string> Command { get; }

    /// <summary>The timeout that passed, in seconds.</summary>
    public double Seconds { get; }
}

/// <summary>
/// A child process run by <see cref="GreenProcess.CheckCall"/>, <see cref="GreenProcess.CheckOutput"/> or
/// <see cref="GreenProcess.Run"/> (with <c>check</c>) ended with a non-zero return code.
/// </summary>
/// <remarks>gevent: <c>subprocess.CalledProcessError</c>.</remarks>
public sealed class CalledProcessException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="returnCode">The return code: the exit status, or minus the signal that ended the child.</param>
    /// <param name="command">The command's arguments.</param>
    /// <param name="output">What the child wrote to standard output, when it was captured.</param>
    /// <param name="error">What the child wrote to standard error, when it was captured.</param>
    public CalledProcessException(int returnCode, IReadOnlyList<string> command, byte[]? output = null, byte[]? error = null)
        : base(ProcessText.Failure(returnCode, command))
    {
        ReturnCode = returnCode;
        Command = command;
        Output = output;
        Error = error;
    }

    /// <summary>The return code: the exit status, or minus the signal that ended the child (gevent: <c>returncode</c>).</summary>
    public int ReturnCode { get; }

    /// <summary>The command's arguments (gevent: <c>cmd</c>).</summary>
    public IReadOnlyList<string> Command { get; }

    /// <summary>Standard output, when captured (gevent: <c>output</c>, <c>stdout</c>).</summary>
    public byte[]? Output { get; }

    /// <summary>Standard error, when captured (gevent: <c>stderr</c>).</summary>
    public byte[]? Error { get; }
}

/// <summary>The messages, worded as Python's subprocess words them.</summary>
internal static class ProcessText
{
    private static readonly string[] s_signalNames =
    [
        "0", "SIGHUP", "SIGINT", "SIGQUIT", "SIGILL", "SIGTRAP", "SIGABRT", "SIGBUS", "SIGFPE", "SIGKILL", "SIGUSR1",
        "SIGSEGV", "SIGUSR2", "SIGPIPE", "SIGALRM", "SIGTERM",
    ];

    /// <summary>A Python list's repr: <c>['sh', '-c', 'exit 2']</c>.</summary>
    public static string Command(IReadOnlyList<string> command) =>
        "[" + string.Join(", ", command.Select(a => "'" + a.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal) + "'")) + "]";

    /// <summary>Seconds as Python prints a float or an int: 0.5, 1.</summary>
    public static string Seconds(double seconds) => seconds.ToString("0.###############", System.Globalization.CultureInfo.InvariantCulture);

    public static string Failure(int returnCode, IReadOnlyList<string> command) => returnCode < 0
        ? $"Command '{Command(command)}' died with <Signals.{SignalName(-returnCode)}: {-returnCode}>."
        : $"Command '{Command(command)}' returned non-zero exit status {returnCode}.";

    public static string SignalName(int signal) => signal > 0 && signal < s_signalNames.Length ? s_signalNames[signal] : $"signal {signal}";
}
