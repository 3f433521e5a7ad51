namespace Greenlets.Tests.Generator;

/// <summary>
/// Errors about suspension points that cannot be rewritten where they are (GRN0002, 0003, 0007, 0011, 0012, 0013):
/// each case reports exactly one error at the call or variable, and a close variant that is fine reports nothing.
/// </summary>
[Category(TestCategories.Generator)]
public sealed class SuspensionDiagnosticTests
{
    [Test]
    public void GRN0002_SuspensionInLambda()
    {
        var diagnostic = DiagnosticHarness.ExpectOne("GRN0002", """
            public static partial class Workers
            {
                [Greenlet]
                public static void Work()
                {
                    System.Action later = () => [|Greenlet.Sleep(1)|];
                    later();
                }
            }
            """);
        Assert.That(diagnostic.GetMessage(), Does.StartWith("'Greenlet.Sleep(1)' suspends the greenlet"));
    }

    [Test]
    public void GRN0002_SuspensionInAnonymousMethodAndQuery()
    {
        DiagnosticHarness.ExpectOne("GRN0002", """
            public static partial class Workers
            {
                [Greenlet]
                public static void Work()
                {
                    System.Action later = delegate { [|Greenlet.Sleep(1)|]; };
                    later();
                }
            }
            """);
        DiagnosticHarness.ExpectOne("GRN0002", """
            using System.Linq;

            public static partial class Workers
            {
                [Greenlet]
                public static int Echo(int x) => x;

                [Greenlet]
                public static int Work(int[] items) => (from item in items select [|Echo(item)|]).Sum();
            }
            """);
    }

    [Test]
    public void GRN0002_LambdasThatDoNotSuspendAreFine() => DiagnosticHarness.ExpectNone("""
        using System.Linq;

        public static partial class Workers
        {
            [Greenlet]
            public static int Work(int[] items)
            {
                Greenlet.Sleep(0);
                System.Func<int, int> twice = x => x * 2;
                return items.Select(twice).Sum(x => x + 1);
            }
        }
        """);

    [Test]
    public void GRN0003_SuspensionInLock()
    {
        var diagnostic = DiagnosticHarness.ExpectOne("GRN0003", """
            public static partial class Workers
            {
                private static readonly object s_gate = new();

                [Greenlet]
                public static void Work()
                {
                    [|lock (s_gate)|]
                    {
                        Greenlet.Sleep(0);
                    }
                }
            }
            """);
        Assert.That(diagnostic.GetMessage(), Does.StartWith("'Greenlet.Sleep(0)' suspends the greenlet inside 'lock (s_gate)'"));
    }

    /// <summary>One mistake, one error: the lock is reported once, naming its first suspension point.</summary>
    [Test]
    public void GRN0003_ALockAroundSeveralSuspensionPointsIsReportedOnce()
    {
        var diagnostic = DiagnosticHarness.ExpectOne("GRN0003", """
            public static partial class Workers
            {
                private static readonly object s_gate = new();

                [Greenlet]
                public static int Work(GreenQueue<int> queue)
                {
                    [|lock (s_gate)|]
                    {
                        var first = queue.Get();
                        Greenlet.Sleep(0);
                        return first + queue.Get();
                    }
                }
            }
            """);
        Assert.That(diagnostic.GetMessage(), Does.StartWith("'queue.Get()' suspends"));
    }

    [Test]
    public void GRN0003_SuspensionBeforeOrAfterLockIsFine() => DiagnosticHarness.ExpectNone("""
        public static partial class Workers
        {
            private static readonly object s_gate = new();
            private static int s_count;

            [Greenlet]
            public static void Work()
            {
                Greenlet.Sleep(0);
                lock (s_gate)
                {
                    s_count++;
                }

                Greenlet.Sleep(0);
            }
        }
        """);

    [Test]
    public void GRN0007_SpanAliveAcrossSuspension()
    {
        var diagnostic = DiagnosticHarness.ExpectOne("GRN0007", """
            public static partial class Workers
            {
                [Greenlet]
                public static int Work()
                {
                    System.Span<int> [|buffer = stackalloc int[4]|];
                    buffer[0] = 1;
                    Greenlet.Sleep(0);
                    return buffer[0];
                }
            }
            """);
        Assert.That(diagnostic.GetMessage(), Does.Contain("'buffer'").And.Contain("'Greenlet.Sleep(0)'"));
    }

    [Test]
    public void GRN0007_RefLocalAliveAcrossSuspension()
    {
        DiagnosticHarness.ExpectOne("GRN0007", """
            public static partial class Workers
            {
                [Greenlet]
                public static int Work(int[] values)
                {
                    ref int [|first = ref values[0]|];
                    Greenlet.Sleep(0);
                    return first;
                }
            }
            """);
    }

    [Test]
    public void GRN0007_RefStructForeachAcrossSuspension()
    {
        DiagnosticHarness.ExpectOne("GRN0007", """
            public static partial class Workers
            {
                [Greenlet]
                public static int Work(int[] values)
                {
                    var total = 0;
                    foreach (var value in [|new System.ReadOnlySpan<int>(values)|])
                    {
                        Greenlet.Sleep(0);
                        total += value;
                    }

                    return total;
                }
            }
            """);
    }

    [Test]
    public void GRN0007_SpanWhoseScopeEndsBeforeTheSuspensionIsFine() => DiagnosticHarness.ExpectNone("""
        public static partial class Workers
        {
            [Greenlet]
            public static int Work(int[] values)
            {
                var total = 0;
                {
                    System.Span<int> buffer = stackalloc int[4];
                    buffer[0] = values.Length;
                    total += buffer[0];
                }

                foreach (var value in new System.ReadOnlySpan<int>(values))
                {
                    total += value;
                }

                Greenlet.Sleep(0);
                return total;
            }
        }
        """);

    [Test]
    public void GRN0011_SuspensionThroughConditionalAccess()
    {
        var diagnostic = DiagnosticHarness.ExpectOne("GRN0011", """
            public static partial class Workers
            {
                [Greenlet]
                public static object? Work(Greenlet? other) => [|other?.Get()|];
            }
            """);
        Assert.That(diagnostic.GetMessage(), Does.Contain("'other?.Get()'").And.Contain("?."));
    }

    [Test]
    public void GRN0011_SuspensionInCatchFilter()
    {
        DiagnosticHarness.ExpectOne("GRN0011", """
            public static partial class Workers
            {
                [Greenlet]
                public static bool Check() => true;

                [Greenlet]
                public static void Work()
                {
                    try
                    {
                        Greenlet.Sleep(0);
                    }
                    catch (System.Exception) when ([|Check()|])
                    {
                    }
                }
            }
            """);
    }

    [Test]
    public void GRN0011_NullCheckAndConditionalAccessArgumentsAreFine() => DiagnosticHarness.ExpectNone("""
        using System.Collections.Generic;

        public static partial class Workers
        {
            [Greenlet]
            public static int Echo(int x) => x;

            [Greenlet]
            public static object? Work(Greenlet? other, List<int>? log)
            {
                log?.Add(Echo(1));
                var value = other is null ? null : other.Get();
                return Echo(2).ToString()?.Length ?? value;
            }
        }
        """);

    [Test]
    public void GRN0012_SuspendingLocalFunctionUsedAsValue()
    {
        var diagnostic = DiagnosticHarness.ExpectOne("GRN0012", """
            public static partial class Workers
            {
                [Greenlet]
                public static void Work()
                {
                    System.Action step = [|Step|];
                    step();

                    void Step() => Greenlet.Sleep(0);
                }
            }
            """);
        Assert.That(diagnostic.GetMessage(), Does.StartWith("Local function 'Step' suspends the greenlet"));
    }

    [Test]
    public void GRN0012_LocalFunctionsCalledDirectlyOrNotSuspendingAreFine() => DiagnosticHarness.ExpectNone("""
        public static partial class Workers
        {
            [Greenlet]
            public static int Work()
            {
                Step();
                System.Func<int, int> twice = Twice;
                return twice(2);

                void Step() => Greenlet.Sleep(0);
                static int Twice(int x) => x * 2;
            }
        }
        """);

    [Test]
    public void GRN0013_CooperativeMethodWithoutItsAwaitableForm()
    {
        var diagnostic = DiagnosticHarness.ExpectOne("GRN0013", """
            public static class Bell
            {
                [Cooperative("RingAwaitable")]
                public static void Ring(int times) => Greenlet.Sleep(times);
            }

            public static partial class Workers
            {
                [Greenlet]
                public static void Work()
                {
                    Greenlet.Sleep(0);
                    [|Bell.Ring(2)|];
                }
            }
            """);
        Assert.That(diagnostic.GetMessage(), Does.Contain("'Bell.Ring'").And.Contain("[Cooperative(\"RingAwaitable\")]").And.Contain("no method 'RingAwaitable'"));
    }

    [Test]
    public void GRN0013_CooperativeMethodWithItsAwaitableFormIsFine() => DiagnosticHarness.ExpectNone("""
        using Greenlets.CompilerServices;
        public static class Bell
        {
            [Cooperative(nameof(RingAwaitable))]
            public static void Ring(int times) => Greenlet.Sleep(times);

            public static GreenAwaitable RingAwaitable(int times) => Greenlet.SleepAwaitable(times);
        }

        public static partial class Workers
        {
            [Greenlet]
            public static void Work() => Bell.Ring(2);
        }
        """);

    /// <summary>
    /// A cooperative operation whose awaitable form takes rewritten delegates (Group.Apply) cannot be spawned from its
    /// method group: an error at the method group, from plain code and from a [Greenlet] method alike, instead of a
    /// greenlet that fails when it runs.
    /// </summary>
    [TestCase(false)]
    [TestCase(true)]
    public void GRN0014_ACooperativeOperationTakingDelegatesCannotBeSpawnedByMethodGroup(bool insideAGreenlet)
    {
        var spawn = "Greenlet.Spawn([|group.Apply|], (System.Action)Plain)";
        var diagnostic = DiagnosticHarness.ExpectOne("GRN0014", insideAGreenlet
            ? $$"""
                public static partial class Workers
                {
                    [Greenlet]
                    public static void Work(Group group) => {{spawn}}.Join();

                    private static void Plain() { }
                }
                """
            : $$"""
                public static class Workers
                {
                    public static Greenlet Start(Group group) => {{spawn}};

                    private static void Plain() { }
                }
                """);
        Assert.That(diagnostic.GetMessage(), Is.EqualTo(
            "'Group.Apply' cannot be spawned from its method group: its parameter 'action' is a delegate, whose awaitable form takes the " +
            "rewritten form of a [Greenlet] method; spawn a [Greenlet] method that calls it instead"));
    }

    [Test]
    public void GRN0014_ACooperativeOperationOfATypeGeneratedCodeCannotNameIsReported()
    {
        var diagnostic = DiagnosticHarness.ExpectOne("GRN0014", """
            using Greenlets.CompilerServices;
            public static class Post
            {
                private sealed class Box
                {
                    [Cooperative(nameof(TakeAwaitable))]
                    public int Take() => 1;

                    public async GreenTask<int> TakeAwaitable()
                    {
                        await Greenlet.SleepAwaitable(0);
                        return 1;
                    }
                }

                public static Greenlet<int> Start() => Greenlet.Spawn([|new Box().Take|]);
            }
            """);
        Assert.That(diagnostic.GetMessage(), Does.Contain("'Box.Take' cannot be spawned from its method group: generated code cannot name Post.Box here"));
    }

    [Test]
    public void GRN0014_NotReportedForACooperativeOperationThatCanBeSpawned() => DiagnosticHarness.ExpectNone("""
        using Greenlets.CompilerServices;
        public static class Bell
        {
            [Cooperative(nameof(RingAwaitable))]
            public static int Ring(int times) => times;

            public static async GreenTask<int> RingAwaitable(int times)
            {
                await Greenlet.SleepAwaitable(0);
                return times;
            }
        }

        public static partial class Workers
        {
            [Greenlet]
            public static int Work(GreenQueue<int> queue, Event ready) =>
                Greenlet.Spawn(Bell.Ring, 2).Get() + Greenlet.Spawn(queue.Get, true, (GreenDuration?)null).Get() + (Greenlet.Spawn(ready.Wait, (GreenDuration?)1).Get() ? 1 : 0);

            public static Greenlet Start(Greenlet other, GreenSemaphore semaphore)
            {
                Greenlet.SpawnLater(1, other.Join, (GreenDuration?)null);
                return Greenlet.Spawn(semaphore.Acquire, true, (GreenDuration?)null);
            }
        }
        """);
}
