using System.Diagnostics;

namespace Greenlets.Tests.Server;

/// <summary>A real peer program (nc, curl) started for a protocol test; killed if the test leaves it running.</summary>
internal sealed class PeerProcess : IDisposable
{
    private readonly Process _process;

    public PeerProcess(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        _process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start.");
        // Read both streams on their own threads, so a chatty peer never blocks on a full pipe.
        StandardOutput = _process.StandardOutput.ReadToEndAsync();
        StandardError = _process.StandardError.ReadToEndAsync();
    }

    public Task<string> StandardOutput { get; }

    public Task<string> StandardError { get; }

    public StreamWriter StandardInput => _process.StandardInput;

    /// <summary>Whether the peer has exited; never blocks.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>Waits (blocking the thread, outside the hub loop) for the peer to exit; returns its exit code.</summary>
    public int WaitForExit(TimeSpan limit)
    {
        if (!_process.WaitForExit(limit))
        {
            _process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{_process.StartInfo.FileName} did not exit within {limit}.");
        }

        return _process.ExitCode;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }
}
