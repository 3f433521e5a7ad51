using System.Text;

namespace Greenlets;

/// <summary>What a finished child left: its return code and the output that was captured.</summary>
/// <remarks>gevent: <c>subprocess.CompletedProcess</c>, and the <c>(stdout, stderr)</c> pair <c>communicate()</c> returns.</remarks>
public sealed class ProcessResult
{
    internal ProcessResult(IReadOnlyList<string> command, int returnCode, byte[]? stdout, byte[]? stderr)
    {
        Command = command;
        ReturnCode = returnCode;
        Stdout = stdout;
        Stderr = stderr;
    }

    /// <summary>The command's arguments (gevent: <c>args</c>).</summary>
    public IReadOnlyList<string> Command { get; }

    /// <summary>The exit status, or minus the signal that ended the child (gevent: <c>returncode</c>).</summary>
    public int ReturnCode { get; }

    /// <summary>Standard output, or null when it was not a pipe (gevent: <c>stdout</c>).</summary>
    public byte[]? Stdout { get; }

    /// <summary>Standard error, or null when it was not a pipe (gevent: <c>stderr</c>).</summary>
    public byte[]? Stderr { get; }

    /// <summary>Standard output as UTF-8 text, or null (gevent: <c>text=True</c>).</summary>
    public string? StdoutText => Stdout is null ? null : Encoding.UTF8.GetString(Stdout);

    /// <summary>Standard error as UTF-8 text, or null (gevent: <c>text=True</c>).</summary>
    public string? StderrText => Stderr is null ? null : Encoding.UTF8.GetString(Stderr);

    /// <summary>gevent: <c>CompletedProcess.check_returncode()</c>. Throws when the return code is not zero.</summary>
    /// <exception cref="CalledProcessException">The return code is not zero.</exception>
    public void CheckReturnCode()
    {
        if (ReturnCode != 0)
        {
            throw new CalledProcessException(ReturnCode, Command, Stdout, Stderr);
        }
    }

    /// <inheritdoc/>
    public override string ToString() => $"ProcessResult(returncode {ReturnCode}, stdout {Stdout?.Length.ToString() ?? "none"}, stderr {Stderr?.Length.ToString() ?? "none"})";
}
