using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;

namespace Greenlets.Tests.Lifecycle;

/// <summary>
/// Deep recursion of [Greenlet] calls that complete without suspending goes at least as deep as a plain recursive
/// method on the same thread, without switching: deep calls continue from a trampoline at the bottom of the turn
/// rather than overflowing the stack. Each case runs on a thread of its own with a known stack (8 MB, as Linux gives
/// a process's main thread, unless it says otherwise), which is also its hub's thread, and first measures how deep
/// plain C# goes there.
/// </summary>
/// <remarks>
/// gevent differs on purpose: Python's recursion limit (1000 frames by default) raises RecursionError long before
/// this depth, in a greenlet as anywhere else. Here the only bound is the heap.
/// </remarks>
[Category(TestCategories.Peer)] // heavy: exceptions through 100,000 frames, on threads of their own
public sealed partial class DeepCallTests
{
    private const int MainThreadStack = 8 * 1024 * 1024;

    private const int SmallStack = 256 * 1024;

    /// <summary>The depth the issue reports plain C# reaching on an 8 MB stack.</summary>
    private const int PlainDepthOnTheMainThread = 100_000;

    [Greenlet]
    public static int Depth(int levels, bool sleepAtBottom)
    {
        if (levels == 0)
        {
            if (sleepAtBottom)
            {
                Greenlet.Sleep(0);
            }

            return 0;
        }

        return Depth(levels - 1, sleepAtBottom) + 1;
    }

    [Greenlet]
    public static void Descend(int levels, bool sleepAtBottom, int[] deepest)
    {
        if (levels == 0)
        {
            if (sleepAtBottom)
            {
                Greenlet.Sleep(0);
            }

            return;
        }

        Descend(levels - 1, sleepAtBottom, deepest);
        deepest[0] = Math.Max(deepest[0], levels); // after the call returns: every level came back
    }

    /// <summary>Throws at the bottom; every hundredth level catches, records its level and rethrows, and every level has a finally.</summary>
    [Greenlet]
    public static int Fail(int levels, bool sleepAtBottom, List<int> caughtAt, int[] finallies)
    {
        if (levels == 0)
        {
            if (sleepAtBottom)
            {
                Greenlet.Sleep(0);
            }

            throw new InvalidOperationException("bottom");
        }

        try
        {
            if (levels % 100 != 0)
            {
                return Fail(levels - 1, sleepAtBottom, caughtAt, finallies) + 1;
            }

            try
            {
                return Fail(levels - 1, sleepAtBottom, caughtAt, finallies) + 1;
            }
            catch (InvalidOperationException)
            {
                caughtAt.Add(levels);
                throw;
            }
        }
        finally
        {
            finallies[0]++;
        }
    }

    [Greenlet]
    public static void Record(List<string> log, string text) => log.Add(text);

    [Greenlet]
    public static void RecurseThenRecord(int levels, List<string> log)
    {
        var depth = Depth(levels, false);
        log.Add($"recursed {depth} levels");
    }

    /// <summary>Deep calls one after another from the greenlet's root call; every other one suspends at its bottom, if asked.</summary>
    [Greenlet]
    public static long RecurseRepeatedly(int times, int levels, bool sleepInEveryOther)
    {
        long total = 0;
        for (var i = 0; i < times; i++)
        {
            total += Depth(levels, sleepInEveryOther && i % 2 == 1);
        }

        return total;
    }

    private sealed partial class DeepBody(int levels, int[] deepest) : Greenlet
    {
        [Greenlet]
        protected override void Run() => Descend(levels, false, deepest);
    }

    /// <summary>A plain method comparable to <see cref="Depth"/>: how deep it gets before the stack is nearly used up.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int PlainDepth(int reached) =>
        RuntimeHelpers.TryEnsureSufficientExecutionStack() ? PlainDepth(reached + 1) : reached;

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int PlainRecursion(int levels) => levels == 0 ? 0 : PlainRecursion(levels - 1) + 1;

    private static int Deeper(int plainDepth) => Math.Max(PlainDepthOnTheMainThread, plainDepth) * 2;

    [TestCase(false)]
    [TestCase(true)]
    public void ValueReturningCallsGoDeeperThanPlainCode(bool sleepAtBottom)
    {
        var (plainDepth, plainResult, levels, result) = OnHubThread(MainThreadStack, () =>
        {
            var plain = PlainDepth(0);
            var plainResult = PlainRecursion(PlainDepthOnTheMainThread);
            var levels = Deeper(plain);
            return (plain, plainResult, levels, Greenlet.Spawn(Depth, levels, sleepAtBottom).Get());
        });

        TestContext.Out.WriteLine($"plain C# reaches {plainDepth} levels on this thread; the [Greenlet] method went {levels} deep");
        Assert.That(plainDepth, Is.GreaterThanOrEqualTo(PlainDepthOnTheMainThread), "plain C# on this thread reaches the issue's depth");
        Assert.That(plainResult, Is.EqualTo(PlainDepthOnTheMainThread));
        Assert.That(result, Is.EqualTo(levels));
        Assert.That(levels, Is.GreaterThan(plainDepth));
    }

    [TestCase(false)]
    [TestCase(true)]
    public void VoidCallsGoDeeperThanPlainCode(bool sleepAtBottom)
    {
        var (plainDepth, levels, deepest) = OnHubThread(MainThreadStack, () =>
        {
            var plain = PlainDepth(0);
            var levels = Deeper(plain);
            var deepest = new int[1];
            Greenlet.Spawn(Descend, levels, sleepAtBottom, deepest).Get();
            return (plain, levels, deepest[0]);
        });

        TestContext.Out.WriteLine($"plain C# reaches {plainDepth} levels on this thread; the [Greenlet] method went {levels} deep");
        Assert.That(deepest, Is.EqualTo(levels));
        Assert.That(levels, Is.GreaterThan(plainDepth));
    }

    /// <summary>
    /// On a 256 KB stack, so that the exception crosses many trampolined stretches in a few thousand levels: each level
    /// rethrows it (as every async method does), which costs time in proportion to the stack trace gathered so far.
    /// </summary>
    [TestCase(false)]
    [TestCase(true)]
    public void AnExceptionAtTheBottomPassesEveryHandlerInOrder(bool sleepAtBottom)
    {
        var (plainDepth, levels, error, caughtAt, finallies) = OnHubThread(SmallStack, () =>
        {
            var plain = PlainDepth(0);
            var levels = (plain * 2 / 100 + 1) * 100;
            var caughtAt = new List<int>();
            var finallies = new int[1];
            var greenlet = Greenlet.Spawn(Fail, levels, sleepAtBottom, caughtAt, finallies);
            greenlet.Join();
            return (plain, levels, greenlet.Exception, caughtAt, finallies[0]);
        });

        TestContext.Out.WriteLine($"plain C# reaches {plainDepth} levels on this thread; the exception crossed {levels}");
        Assert.That(levels, Is.GreaterThan(plainDepth));
        Assert.That(error, Is.TypeOf<InvalidOperationException>().With.Message.EqualTo("bottom"));
        Assert.That(caughtAt, Is.EqualTo(Enumerable.Range(1, levels / 100).Select(i => i * 100)), "innermost handler first, each once");
        Assert.That(finallies, Is.EqualTo(levels));
    }

    [Test]
    public void ADeepCallDoesNotLetAnotherGreenletRun()
    {
        var log = OnHubThread(MainThreadStack, () =>
        {
            var log = new List<string>();
            var deep = Greenlet.Spawn(RecurseThenRecord, 3 * PlainDepthOnTheMainThread, log);
            var other = Greenlet.Spawn(Record, log, "other ran");
            Greenlet.JoinAll(deep, other);
            return log;
        });

        Assert.That(log, Is.EqualTo(new[] { $"recursed {3 * PlainDepthOnTheMainThread} levels", "other ran" }));
    }

    /// <summary>
    /// A thousand deep calls in a row from the root call, each deeper than plain code gets on a 256 KB stack: the
    /// trampoline that runs them must not pile up on the stack call after call.
    /// </summary>
    [TestCase(false)]
    [TestCase(true)]
    public void RepeatedDeepCallsFromTheRootCall(bool sleepInEveryOther)
    {
        const int Times = 1000;
        var (plainDepth, levels, total) = OnHubThread(SmallStack, () =>
        {
            var plain = PlainDepth(0);
            var levels = plain * 2;
            return (plain, levels, Greenlet.Spawn(RecurseRepeatedly, Times, levels, sleepInEveryOther).Get());
        });

        Assert.That(total, Is.EqualTo((long)Times * levels));
        Assert.That(levels, Is.GreaterThan(plainDepth));
    }

    [Test]
    public void ADeepCallInASubclassBody()
    {
        var deepest = OnHubThread(SmallStack, () =>
        {
            var deepest = new int[1];
            var greenlet = new DeepBody(PlainDepthOnTheMainThread, deepest);
            greenlet.Start();
            greenlet.Join();
            return greenlet.IsSuccessful ? deepest[0] : -1;
        });

        Assert.That(deepest, Is.EqualTo(PlainDepthOnTheMainThread));
    }

    /// <summary>Runs <paramref name="body"/> on a new thread with a stack of <paramref name="stackSize"/> bytes, on a fresh hub with the virtual clock.</summary>
    private static T OnHubThread<T>(int stackSize, Func<T> body)
    {
        T result = default!;
        ExceptionDispatchInfo? failure = null;
        var thread = new Thread(
            () =>
            {
                try
                {
                    using (global::Greenlets.Hub.Install(HubClock.Virtual()))
                    {
                        result = body();
                    }
                }
                catch (Exception exception)
                {
                    failure = ExceptionDispatchInfo.Capture(exception);
                }
            },
            stackSize);
        thread.Start();
        thread.Join();
        failure?.Throw();
        return result;
    }
}
