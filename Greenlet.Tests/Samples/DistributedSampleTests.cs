using System.Diagnostics;
using Distributed;
using Greenlets.Tests.Http;

namespace Greenlets.Tests.Samples;

/// <summary>
/// The distributed work queue: a coordinator on the test's hub, three worker processes on loopback, each running
/// <see cref="HubsPerWorker"/> hubs with a DEALER socket each, one process killed in the middle of the run. Every task
/// is answered exactly once, and the dead worker's tasks are sent again.
/// </summary>
[TestFixture]
[NonParallelizable]
[Category(TestCategories.Peer)]
public sealed class DistributedSampleTests : RealPeerTestBase
{
    private const int Tasks = 600;
    private const int HubsPerWorker = 2;

    private static Process StartWorker(string endpoint)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { typeof(Coordinator).Assembly.Location, "worker", endpoint, "0.02", HubsPerWorker.ToString(System.Globalization.CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment.Remove(HubClock.EnvironmentVariable);
        return Process.Start(start)!;
    }

    [Test]
    public void EveryTaskIsDoneExactlyOnceWhenAWorkerIsKilledMidRun()
    {
        using var context = new ZmqContext();
        Process[] workers = [];
        var killedAt = -1;
        using var coordinator = new Coordinator(context, Tasks, taskTimeout: 1)
        {
            Progress = done =>
            {
                if (done == Tasks / 6 && killedAt < 0)
                {
                    workers[0].Kill();
                    killedAt = done;
                }
            },
        };
        var endpoint = coordinator.Bind("tcp://127.0.0.1:0");
        workers = [StartWorker(endpoint), StartWorker(endpoint), StartWorker(endpoint)];
        try
        {
            coordinator.Run(timeout: 30);

            Assert.That(killedAt, Is.EqualTo(Tasks / 6), "a worker was killed in the middle of the run");
            Assert.That(coordinator.Results.Keys.Order(), Is.EqualTo(Enumerable.Range(0, Tasks)), "every task, once");
            Assert.That(coordinator.Results.All(result => result.Value == (long)result.Key * result.Key), Is.True);
            Assert.That(coordinator.Resent, Is.GreaterThanOrEqualTo(1), "the killed worker's task went to another");
            Assert.That(coordinator.WorkersSeen, Is.EqualTo(3 * HubsPerWorker), "every hub of every worker process asked for work");
            foreach (var survivor in workers[1..])
            {
                Assert.That(survivor.WaitForExit(10_000), Is.True, "told to stop, the worker exits");
                Assert.That(survivor.ExitCode, Is.Zero, survivor.StandardError.ReadToEnd());
            }

            Assert.That(workers[0].WaitForExit(10_000), Is.True);
            Assert.That(workers[0].ExitCode, Is.Not.Zero, "killed");
        }
        finally
        {
            foreach (var worker in workers.Where(w => !w.HasExited))
            {
                worker.Kill();
            }
        }
    }
}
