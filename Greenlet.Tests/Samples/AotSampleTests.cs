using System.Diagnostics;

namespace Greenlets.Tests.Samples;

/// <summary>
/// The tour and the chat sample, published with native AOT by eng/aot.sh, run as their JIT builds do: the tour's
/// stdout and exit code byte for byte, its stderr but for stack frames and wall-clock figures, the chat's transcript.
/// Slow: four publishes, two of them native (several minutes on two cores).
/// </summary>
[TestFixture]
[Category(TestCategories.Peer)]
public sealed class AotSampleTests
{
    [Test]
    public void NativeTourAndChatRunAsTheJitBuildsDo()
    {
        var repository = RepositoryRoot();
        var work = Directory.CreateTempSubdirectory("greenlet-aot-");
        try
        {
            var start = new ProcessStartInfo("bash", [Path.Combine(repository, "eng", "aot.sh"), work.FullName])
            {
                WorkingDirectory = repository,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            using var script = Process.Start(start)!;
            var errors = script.StandardError.ReadToEndAsync();
            var output = script.StandardOutput.ReadToEnd();
            Assert.That(script.WaitForExit(TimeSpan.FromMinutes(30)), Is.True, "eng/aot.sh did not finish");

            Assert.That(script.ExitCode, Is.Zero, output + errors.Result);
            Assert.That(output, Does.Contain("tour: AOT out equals JIT out").And.Contain("tour: AOT code equals JIT code")
                .And.Contain("tour: AOT err.normalized equals JIT err.normalized").And.Contain("chat: AOT transcript equals JIT transcript"));
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "eng", "aot.sh")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"eng/aot.sh not found above {AppContext.BaseDirectory}");
    }
}
