namespace Greenlets.Tests.Hub;

/// <summary>
/// The timer heap: order by (deadline, start order), and cancelled entries of long timers swept out instead of
/// piling up until their deadlines.
/// </summary>
[Category(TestCategories.Unit)]
public sealed class TimerHeapTests
{
    /// <summary>A timer target whose registrations are cancelled by moving its token on, as the hub's are.</summary>
    private sealed class Target(int id, List<int> fired) : ITimerTarget
    {
        public int Token;

        public int Id => id;

        public void OnTimer(global::Greenlets.Hub hub, int token)
        {
            if (token == Token)
            {
                fired.Add(id);
            }
        }

        public bool IsTimerLive(int token) => token == Token;
    }

    [Test]
    public void CancelledLongTimersDoNotAccumulate()
    {
        var heap = new TimerHeap();
        var fired = new List<int>();
        var target = new Target(0, fired);

        // A keep-alive wait per request: armed with a long deadline, cancelled as soon as the next request comes.
        for (var request = 0; request < 100_000; request++)
        {
            heap.Add(deadline: 130_000 + request, target, ++target.Token);
            target.Token++;
        }

        Assert.That(heap.Count, Is.LessThanOrEqualTo(64), "the heap holds only about twice the live timers (none here)");
        Assert.That(heap.TryPeekLive(out _), Is.False);
    }

    [Test]
    public void LiveTimersSurviveASweepAndFireInDeadlineThenStartOrder()
    {
        var random = new Random(20261202);
        var heap = new TimerHeap();
        var fired = new List<int>();
        var expected = new List<(long Deadline, int Order, int Id)>();
        for (var i = 0; i < 5_000; i++)
        {
            var target = new Target(i, fired);
            var deadline = (long)random.Next(0, 200); // many ties: start order must break them
            heap.Add(deadline, target, ++target.Token);
            if (random.Next(3) == 0)
            {
                target.Token++; // cancelled
            }
            else
            {
                expected.Add((deadline, i, i));
            }
        }

        Assert.That(heap.Count, Is.LessThan(5_000), "sweeps ran while the heap filled");
        heap.FireDue(null!, long.MaxValue);

        var order = expected.OrderBy(e => e.Deadline).ThenBy(e => e.Order).Select(e => e.Id).ToList();
        Assert.That(fired, Is.EqualTo(order));
        Assert.That(heap.Count, Is.Zero);
    }

    [Test]
    public void AHeapOfLiveTimersStillGrows()
    {
        var heap = new TimerHeap();
        var fired = new List<int>();
        for (var i = 0; i < 1_000; i++)
        {
            var target = new Target(i, fired);
            heap.Add(1_000 - i, target, ++target.Token);
        }

        Assert.That(heap.Count, Is.EqualTo(1_000));
        Assert.That(heap.TryPeekLive(out var earliest), Is.True);
        Assert.That(earliest, Is.EqualTo(1));
        heap.FireDue(null!, 10);
        Assert.That(fired, Is.EqualTo(Enumerable.Range(990, 10).Reverse()));
    }
}
