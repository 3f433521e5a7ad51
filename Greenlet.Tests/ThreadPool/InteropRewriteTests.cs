using Greenlets.Tests.Generator;

namespace Greenlets.Tests.ThreadPool;

/// <summary>
/// The generator turns the interop calls into suspension points in a [Greenlet] method: WaitTask, GreenDns, and
/// GreenThreadPool.Apply even when given a lambda (its work runs on a worker, so it is never rewritten itself).
/// </summary>
[Category(TestCategories.Unit)]
public sealed class InteropRewriteTests
{
    [Test]
    public void InteropCallsAreAwaitedInTheTwinAndTheLambdaIsLeftAsItIs()
    {
        var run = GeneratorHarness.Generate("""
            using System.Threading.Tasks;
            using Greenlets;

            namespace Demo;

            public static partial class Work
            {
                [Greenlet]
                public static int Run(GreenThreadPool pool, Task<int> task)
                {
                    var fromPool = pool.Apply(() => 40);
                    pool.Apply(() => { });
                    var addresses = GreenDns.GetHostAddresses("localhost");
                    return fromPool + Greenlet.WaitTask(task) + addresses.Length;
                }
            }
            """).CompilesCleanly();

        var twin = run.Sources.Single().Value;
        Assert.That(twin, Does.Contain("await pool.ApplyAwaitable(() => 40)"));
        Assert.That(twin, Does.Contain("await pool.ApplyAwaitable(() => { })"));
        Assert.That(twin, Does.Contain("await GreenDns.GetHostAddressesAwaitable(\"localhost\")"));
        Assert.That(twin, Does.Contain("await Greenlet.WaitTaskAwaitable(task)"));
    }
}
