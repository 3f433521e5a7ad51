namespace Greenlets.Tests.Pools;

/// <summary>Map, Imap and ImapUnordered: result order, gevent's orderings under a size limit, failures, determinism.</summary>
[Category(TestCategories.Unit)]
public sealed partial class MapTests : HubTestBase
{
    private static readonly int[] s_items = [2, 6, 1, 4, 5];

    /// <summary>The function of the gevent comparison: sleeps x * 20 ms and returns x.</summary>
    [Greenlet]
    public static int SleepTwentieths(int x)
    {
        Greenlet.Sleep(x * 0.02);
        return x;
    }

    [Greenlet]
    public int Logged(int x)
    {
        Log.Add($"start {x}");
        for (var i = 0; i < x; i++)
        {
            Greenlet.Sleep(0);
            Log.Add($"tick {x}.{i}");
        }

        Log.Add($"end {x}");
        return x;
    }

    [Greenlet]
    public void Spinner(int turns)
    {
        for (var i = 0; i < turns; i++)
        {
            Log.Add($"spin {i}");
            Greenlet.Sleep(0);
        }
    }

    [Greenlet]
    public static int FailOnThree(int x)
    {
        Greenlet.Sleep(x * 0.01);
        return x == 3 ? throw new InvalidOperationException($"item {x}") : x;
    }

    [Greenlet]
    public static int Echo(int i)
    {
        Greenlet.Sleep(0.001);
        return i;
    }

    [Greenlet]
    public static IReadOnlyList<int> MapInsideAGreenlet(Pool pool, int[] items) => pool.Map(SleepTwentieths, items);

    [Greenlet]
    public static int SumOfMapInsideAGreenlet(Pool pool)
    {
        var sum = 0;
        foreach (var value in pool.Map(SleepTwentieths, [3, 1, 2]))
        {
            sum = (sum * 10) + value;
        }

        return sum;
    }

    // Python, run with /usr/bin/python3 (gevent 22.10.2):
    //   import gevent
    //   from gevent.pool import Pool
    //   def f(x):
    //       gevent.sleep(x*0.02)
    //       return x
    //   for size in (2, 3, 1, None):
    //       p = Pool(size)
    //       print(size, list(p.imap_unordered(f, [2,6,1,4,5])), list(p.imap(f, [2,6,1,4,5])), p.map(f, [2,6,1,4,5]))
    // Observed, identical on three runs:
    //   2 [2, 1, 6, 4, 5] [2, 6, 1, 4, 5] [2, 6, 1, 4, 5]
    //   3 [1, 2, 4, 6, 5] [2, 6, 1, 4, 5] [2, 6, 1, 4, 5]
    //   1 [2, 6, 1, 4, 5] [2, 6, 1, 4, 5] [2, 6, 1, 4, 5]
    //   None [1, 2, 4, 5, 6] [2, 6, 1, 4, 5] [2, 6, 1, 4, 5]
    [TestCase(2, new[] { 2, 1, 6, 4, 5 }, 0.22)]
    [TestCase(3, new[] { 1, 2, 4, 6, 5 }, 0.14)]
    [TestCase(1, new[] { 2, 6, 1, 4, 5 }, 0.36)]
    [TestCase(null, new[] { 1, 2, 4, 5, 6 }, 0.12)]
    public void ImapUnorderedGivesGeventsOrder(int? size, int[] expected, double seconds)
    {
        var pool = new Pool(size);

        var results = pool.ImapUnordered(SleepTwentieths, s_items).ToList();

        Assert.That(results, Is.EqualTo(expected));
        Assert.That(Now, Is.EqualTo(seconds).Within(1e-9), "the slots were reused as soon as members died");
        Assert.That(pool.Count, Is.Zero);
    }

    [TestCase(2)]
    [TestCase(3)]
    [TestCase(1)]
    [TestCase(null)]
    public void ImapAndMapGiveTheItemsOrder(int? size)
    {
        var pool = new Pool(size);

        Assert.That(pool.Imap(SleepTwentieths, s_items).ToList(), Is.EqualTo(s_items));
        Assert.That(pool.Map(SleepTwentieths, s_items), Is.EqualTo(s_items));
        Assert.That(pool.Count, Is.Zero);
    }

    // The same on a hub-pass scale, with sleep(0) instead of timers. Python (gevent 22.10.2):
    //   log = []
    //   def f(x):
    //       log.append('start %d' % x)
    //       for i in range(x):
    //           gevent.sleep(0)
    //           log.append('tick %d.%d' % (x, i))
    //       log.append('end %d' % x)
    //       return x
    //   def spinner():
    //       for i in range(12):
    //           log.append('spin %d' % i)
    //           gevent.sleep(0)
    //   p = Pool(2)
    //   s = gevent.spawn(spinner)
    //   r = list(p.imap_unordered(f, [3, 1, 2, 0]))
    //   log.append('result %r' % r)
    //   print('\n'.join(log))
    // Observed: the lines of Expected below (the result line printed as "result [1, 3, 0, 2]").
    [Test]
    public void ImapUnorderedInterleavesAsGevent()
    {
        string[] expected =
        [
            "spin 0", "spin 1", "start 3", "start 1", "spin 2", "tick 3.0", "tick 1.0", "end 1", "spin 3", "tick 3.1",
            "spin 4", "tick 3.2", "end 3", "spin 5", "start 2", "spin 6", "tick 2.0", "spin 7", "start 0", "end 0",
            "tick 2.1", "end 2", "spin 8", "spin 9", "result 1, 3, 0, 2",
        ];
        var pool = new Pool(2);
        Greenlet.Spawn(Spinner, 12);

        var results = pool.ImapUnordered(Logged, [3, 1, 2, 0]).ToList();
        Log.Add($"result {string.Join(", ", results)}");

        Assert.That(Log, Is.EqualTo(expected), string.Join(" / ", Log));
    }

    /// <summary>The tutorial's determinism example: the same unordered list on every run.</summary>
    [Test]
    public void ImapUnorderedIsTheSameRunToRun()
    {
        var pool = new Pool(10);

        var runs = Enumerable.Range(0, 4).Select(_ => pool.ImapUnordered(Echo, Enumerable.Range(0, 10)).ToList()).ToList();

        Assert.That(runs[0], Is.EquivalentTo(Enumerable.Range(0, 10)));
        Assert.That(runs, Has.All.EqualTo(runs[0]));
    }

    [Test]
    public void MapInRewrittenCodeWaitsCooperatively()
    {
        var pool = new Pool(2);
        var mapper = Greenlet.Spawn(MapInsideAGreenlet, pool, s_items);
        var sum = Greenlet.Spawn(SumOfMapInsideAGreenlet, new Pool(1));

        Assert.That(mapper.Get(), Is.EqualTo(s_items));
        Assert.That(sum.Get(), Is.EqualTo(312));
        Assert.That(Now, Is.EqualTo(0.22).Within(1e-9), "both maps ran side by side");
    }

    [Test]
    public void MapRethrowsTheFirstFailureInItemOrderWithItsStack()
    {
        var pool = new Pool(2);

        var failure = Assert.Throws<InvalidOperationException>(() => pool.Map(FailOnThree, [5, 3, 1]));

        Assert.That(failure!.Message, Is.EqualTo("item 3"));
        Assert.That(failure.StackTrace, Does.Contain(nameof(FailOnThree)));
    }

    [Test]
    public void ImapRethrowsAFailureInItsTurnAndGoesOn()
    {
        var pool = new Pool();
        using var results = pool.Imap(FailOnThree, [5, 3, 1]).GetEnumerator();

        Assert.That(results.MoveNext(), Is.True);
        Assert.That(results.Current, Is.EqualTo(5));
        var failure = Assert.Throws<InvalidOperationException>(() => results.MoveNext());
        Assert.That(failure!.Message, Is.EqualTo("item 3"));
        Assert.That(results.MoveNext(), Is.True);
        Assert.That(results.Current, Is.EqualTo(1));
        Assert.That(results.MoveNext(), Is.False);
        Assert.That(results.MoveNext(), Is.False, "the end stays the end");
    }

    [Test]
    public void ImapUnorderedRethrowsAFailureWhenItHappens()
    {
        var pool = new Pool();
        var seen = new List<string>();

        using (var results = pool.ImapUnordered(FailOnThree, [5, 3, 1]).GetEnumerator())
        {
            while (true)
            {
                try
                {
                    if (!results.MoveNext())
                    {
                        break;
                    }

                    seen.Add(results.Current.ToString());
                }
                catch (InvalidOperationException failure)
                {
                    seen.Add(failure.Message);
                }
            }
        }

        Assert.That(seen, Is.EqualTo(new[] { "1", "item 3", "5" }));
    }

    [Greenlet]
    public static string IterateInsideAGreenlet(Pool pool)
    {
        var seen = new List<int>();
        var results = pool.ImapUnordered(SleepTwentieths, s_items).GetEnumerator();
        while (results.MoveNext())
        {
            seen.Add(results.Current);
        }

        return string.Join(",", seen);
    }

    [Greenlet]
    public static ImapIterator<int> ImapFromAGreenlet(Pool pool)
    {
        Greenlet.Sleep(0);
        return pool.Imap(SleepTwentieths, s_items);
    }

    [Greenlet]
    public void TakeOne(ImapIterator<int> results)
    {
        Log.Add($"took {(results.MoveNext() ? results.Current : -1)}");
    }

    private static IEnumerable<int> ItemsThenFailure()
    {
        yield return 2;
        yield return 1;
        throw new FormatException("bad input");
    }

    [Test]
    public void ImapCanBeSteppedThroughInRewrittenCode()
    {
        Assert.That(Greenlet.Spawn(IterateInsideAGreenlet, new Pool(2)).Get(), Is.EqualTo("2,1,6,4,5"));
    }

    [Test]
    public void ImapCalledInRewrittenCodeRunsTheRewrittenMethod()
    {
        var results = Greenlet.Spawn(ImapFromAGreenlet, new Pool(2)).Get();

        Assert.That(results.ToList(), Is.EqualTo(s_items));
    }

    [Test]
    public void PlainFunctionsAndDelegateVariablesMapToo()
    {
        var pool = new Pool(2);
        Func<int, int> stored = SleepTwentieths;

        Assert.That(pool.Map(x => x * 2, [1, 2, 3]), Is.EqualTo(new[] { 2, 4, 6 }));
        Assert.That(pool.ImapUnordered(stored, s_items).ToList(), Is.EqualTo(new[] { 2, 1, 6, 4, 5 }));
        Assert.That(pool.Map(SleepTwentieths, Array.Empty<int>()), Is.Empty);
        Assert.That(pool.ImapUnordered(SleepTwentieths, Array.Empty<int>()).ToList(), Is.Empty);
    }

    [Test]
    public void ImapIsLazyAndItsHelperIsNotAMember()
    {
        var pool = new Pool(2);

        var results = pool.Imap(SleepTwentieths, s_items);

        Assert.That(results.Greenlet.IsStarted, Is.True);
        Assert.That(pool.Count, Is.Zero, "nothing runs before the caller yields");
        Greenlet.Sleep(0);
        Assert.That(pool.Count, Is.EqualTo(2));
        Assert.That(pool.Contains(results.Greenlet), Is.False);
        Assert.That(results.ToList(), Is.EqualTo(s_items));
        Assert.Throws<InvalidOperationException>(() => results.GetEnumerator(), "single use");
    }

    [Test]
    public void AConsumerKilledWhileWaitingLosesNoResult()
    {
        var pool = new Pool(2);
        var results = pool.Imap(SleepTwentieths, s_items);
        var consumer = Greenlet.Spawn(TakeOne, results);
        Greenlet.Sleep(0.01);

        consumer.Kill();

        Assert.That(Log, Is.Empty);
        Assert.That(results.ToList(), Is.EqualTo(s_items));
    }

    [Test]
    public void OneConsumerAtATime()
    {
        var results = new Pool(2).Imap(SleepTwentieths, s_items);
        var first = Greenlet.Spawn(TakeOne, results);
        var second = Greenlet.Spawn(TakeOne, results);

        Greenlet.JoinAll(first, second);

        Assert.That(second.Exception, Is.TypeOf<InvalidOperationException>());
        Assert.That(Log, Is.EqualTo(new[] { "took 2" }));
    }

    [Test]
    public void KillingTheHelperStopsSpawningAndEndsTheIteration()
    {
        var pool = new Pool(1);
        using var results = pool.Imap(SleepTwentieths, [1, 2, 3]).GetEnumerator();

        Assert.That(results.MoveNext() ? results.Current : -1, Is.EqualTo(1));
        results.Greenlet.Kill(); // waiting for a slot for 3

        Assert.That(results.MoveNext() ? results.Current : -1, Is.EqualTo(2));
        Assert.Throws<GreenletExit>(() => results.MoveNext());
        Assert.That(results.MoveNext(), Is.False);
        Assert.That(pool.Count, Is.Zero);
    }

    [TestCase(true)]
    [TestCase(false)]
    public void AFailingItemsEnumeratorEndsTheIterationAfterTheResults(bool ordered)
    {
        var pool = new Pool();
        var seen = new List<string>();

        var results = ordered ? pool.Imap(SleepTwentieths, ItemsThenFailure()) : pool.ImapUnordered(SleepTwentieths, ItemsThenFailure());
        var failure = Assert.Throws<FormatException>(() =>
        {
            foreach (var result in results)
            {
                seen.Add(result.ToString());
            }
        });

        Assert.That(failure!.Message, Is.EqualTo("bad input"));
        Assert.That(seen, Is.EqualTo(ordered ? new[] { "2", "1" } : Array.Empty<string>()), "unordered: the failure came first");
        Assert.That(Errors.ToString(), Does.Contain("bad input"), "the helper greenlet's failure is reported");
    }

    [Test]
    public void PlainMapInsideARunningGreenletFailsAtOnce()
    {
        var pool = new Pool();
#pragma warning disable GRN0202 // the plain map inside a greenlet must fail: that is what this test checks
        var plain = Greenlet.Spawn(() => pool.Map(SleepTwentieths, s_items));
#pragma warning restore GRN0202

        plain.Join();

        Assert.That(plain.Exception, Is.TypeOf<GreenletContextException>());
        Assert.That(plain.Exception!.Message, Does.Contain("Pool.Map"));
    }
}
