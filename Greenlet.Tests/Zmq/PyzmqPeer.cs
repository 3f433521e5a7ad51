using System.Diagnostics;

namespace Greenlets.Tests.Zmq;

/// <summary>
/// <c>pyzmq_peer.py</c> running under Debian's python3 with pyzmq: a libzmq peer in another process. The script bounds
/// its own life (60 s); disposal kills it if it is still there.
/// </summary>
internal sealed class PyzmqPeer : IDisposable
{
    private const string Python = "/usr/bin/python3";
    private readonly Process _process;

    public PyzmqPeer(string mode, params string[] arguments)
    {
        var start = new ProcessStartInfo(Python)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(ScriptPath());
        start.ArgumentList.Add(mode);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        _process = Process.Start(start) ?? throw new InvalidOperationException("python3 did not start");
    }

    /// <summary>Waits (blocking the thread: call it with no greenlet left to run) for the peer to finish; returns what it printed.</summary>
    public (int ExitCode, string Output) WaitForExit()
    {
        if (!_process.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            _process.Kill(entireProcessTree: true);
            throw new AssertionException("the pyzmq peer did not finish within 60 s");
        }

        return (_process.ExitCode, _process.StandardOutput.ReadToEnd() + _process.StandardError.ReadToEnd());
    }

    /// <summary>Asserts the peer finished and every check it made held.</summary>
    public void AssertSucceeded()
    {
        var (exitCode, output) = WaitForExit();
        Assert.That(exitCode, Is.Zero, output);
        Assert.That(output, Does.Contain("peer done"));
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
    }

    private static string ScriptPath()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Greenlet.sln")))
            {
                return Path.Combine(dir.FullName, "Greenlet.Tests", "Zmq", "pyzmq_peer.py");
            }
        }

        throw new FileNotFoundException("Greenlet.Tests/Zmq/pyzmq_peer.py not found above " + AppContext.BaseDirectory);
    }
}
