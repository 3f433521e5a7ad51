using System.Diagnostics;

namespace Greenlets.Tests.Package;

/// <summary>
/// The dotnet CLI as a user runs it, for the tests that build, pack or format real projects on disk: no build server
/// left behind, output and errors read together, bounded in time.
/// </summary>
internal static class DotnetCommand
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Runs <c>dotnet</c> with <paramref name="arguments"/> in <paramref name="directory"/>; fails the test when it
    /// exits non-zero or outlasts the timeout. <paramref name="configure"/> may add to the start information.
    /// Returns what it printed, with "\n" line ends.
    /// </summary>
    public static string Run(string directory, IReadOnlyList<string> arguments, Action<ProcessStartInfo>? configure = null)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        if (arguments[0] is "build" or "pack")
        {
            start.ArgumentList.Add("--disable-build-servers");
            start.ArgumentList.Add("-nodeReuse:false");
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        configure?.Invoke(start);
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEndAsync();
        if (!process.WaitForExit(s_timeout))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"dotnet {string.Join(" ", arguments)} did not finish in {s_timeout}");
        }

        var text = output.Result + error.Result;
        Assert.That(process.ExitCode, Is.Zero, $"dotnet {string.Join(" ", arguments)} failed:\n{text}");
        return text.Replace("\r\n", "\n");
    }
}
