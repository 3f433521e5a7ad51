using System.Text;
using Greenlets.Tests.Package;

namespace Greenlets.Tests.Subprocess;

/// <summary>
/// Gevent/subprocess_semantics.py run again with GreenProcess: every line must be what real gevent printed
/// (Gevent/subprocess_semantics.out). Timeouts run on the virtual clock.
/// </summary>
[TestFixture]
[NonParallelizable]
[Category(TestCategories.Peer)]
public sealed partial class GreenProcessGeventTests : HubTestBase
{
    private static readonly string[] s_expected =
        File.ReadAllLines(Path.Combine(RepositoryFiles.Root, "Greenlet.Tests", "Subprocess", "Gevent", "subprocess_semantics.out"));

    [Test]
    public void ReturnCodesMatchGevent()
    {
        var lines = new List<string> { $"exit 3: {GreenProcess.Call(["sh", "-c", "exit 3"])}" };
        using (var p = GreenProcess.Start(["sleep", "1000"]))
        {
            p.Kill();
            lines.Add($"killed: {p.Wait()}");
        }

        using (var p = GreenProcess.Start(["sleep", "1000"]))
        {
            p.Terminate();
            lines.Add($"terminated: {p.Wait()}");
        }

        using (var p = GreenProcess.Start(["sleep", "1000"]))
        {
            p.SendSignal(2);
            lines.Add($"sigint: {p.Wait()}");
        }

        using (var p = GreenProcess.Start(["sleep", "1000"]))
        {
            lines.Add($"poll running: {Py(p.Poll())}");
            p.Kill();
            lines.Add($"poll after kill: {p.Wait()} {Py(p.Poll())}");
        }

        Assert.That(lines, Is.EqualTo(s_expected[..6]));
    }

    [Test]
    public void CommunicateKeepsWhatItReadAcrossATimeout()
    {
        var lines = new List<string>();
        using var p = GreenProcess.Start(["sh", "-c", "echo first; sleep 1; echo second"], new GreenProcessOptions { Stdout = ProcessStdio.Pipe });
        var e = Assert.Throws<ProcessTimeoutException>(() => p.Communicate(timeout: 0.5))!;
        lines.Add($"communicate timeout: TimeoutExpired | {e.Message}");
        Assert.That(Now, Is.EqualTo(0.5).Within(1e-9), "the timeout is on the hub's clock");
        var result = p.Communicate();
        lines.Add($"after timeout: {Py(result.Stdout)} {Py(result.Stderr)}");

        using var sleeper = GreenProcess.Start(["sleep", "1000"]);
        var w = Assert.Throws<ProcessTimeoutException>(() => sleeper.Wait(0.1))!;
        lines.Add($"wait timeout: {w.Message}");
        sleeper.Kill();
        sleeper.Wait();

        Assert.That(lines, Is.EqualTo(s_expected[6..9]));
    }

    [Test]
    public void FailuresAreWordedAsGeventWordsThem()
    {
        var lines = new List<string>();
        var call = Assert.Throws<CalledProcessException>(() => GreenProcess.CheckCall(["sh", "-c", "exit 2"]))!;
        lines.Add($"check_call: {call.ReturnCode} | {call.Message}");
        var output = Assert.Throws<CalledProcessException>(() => GreenProcess.CheckOutput(["sh", "-c", "echo partial; exit 5"]))!;
        lines.Add($"check_output: {output.ReturnCode} {Py(output.Output)} | {output.Message}");
        var death = Assert.Throws<CalledProcessException>(() => GreenProcess.CheckOutput(["sh", "-c", "kill -9 $$"]))!;
        lines.Add($"signal death: {death.ReturnCode} | {death.Message}");
        var missing = Assert.Throws<FileNotFoundException>(() => GreenProcess.Start(["no-such-program-xyz"]))!;
        lines.Add($"missing: FileNotFoundError 2 | {missing.Message}");
        var run = GreenProcess.Run(["sh", "-c", "cat; echo oops >&2; exit 4"], Encoding.UTF8.GetBytes("hello"));
        lines.Add($"run: {run.ReturnCode} {Py(run.Stdout)} {Py(run.Stderr)}");
        lines.Add($"check_output text: {Py(Encoding.UTF8.GetString(GreenProcess.CheckOutput(["echo", "hi"])))}");

        Assert.That(lines, Is.EqualTo(s_expected[9..]));
    }

    private static string Py(int? value) => value?.ToString() ?? "None";

    private static string Py(byte[]? bytes) => bytes is null ? "None" : "b" + Py(Encoding.Latin1.GetString(bytes));

    private static string Py(string text) => "'" + text.Replace("\\", "\\\\").Replace("\n", "\\n").Replace("'", "\\'") + "'";
}
