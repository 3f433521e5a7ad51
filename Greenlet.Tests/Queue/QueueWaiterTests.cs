namespace Greenlets.Tests.Queue;

/// <summary>
/// Blocked getters and putters: served in arrival order, and no item lost or duplicated when a waiter times out
/// or is killed in the middle of its wait. Where a test states what gevent does, it is what this Python printed
/// under /usr/bin/python3 (gevent 22.10.2), each case run on its own with <c>log = []</c>:
/// <code>
/// # A get that finds the item first takes it; a peeker ahead of it in line waits on.
/// def peek():
///     try: log.append('k peeked %r' % q.peek(timeout=1))
///     except Empty: log.append('k empty')
/// def put_then_get():
///     q.put(6); log.append('took back %r' % q.get())
/// q = Queue(); k = gevent.spawn(peek); gevent.sleep(0)
/// t = gevent.spawn(put_then_get); gevent.joinall([k, t])          # took back 6 / k empty
///
/// # Items put for waiting getters stay counted until the getters are served.
/// def getter(n): log.append('%s got %r' % (n, q.get()))
/// q = Queue(); gs = [gevent.spawn(getter, n) for n in 'cab']; gevent.sleep(0)
/// q.put(1); q.put(2); q.put(3); log.append('qsize %d' % q.qsize())
/// gevent.joinall(gs)                                               # qsize 3 / c got 1 / a got 2 / b got 3
///
/// # A put that finds room goes ahead of a putter blocked for it.
/// def putter(): q.put(1); log.append('p put 1')
/// q = Queue(1); q.put(0); p = gevent.spawn(putter); gevent.sleep(0)
/// log.append('got %r' % q.get()); q.put_nowait(2); log.append('got %r' % q.get())
/// p.join(); log.append('got %r' % q.get())                         # got 0 / got 2 / p put 1 / got 1
///
/// # gevent delivers a kill through a callback, queued after the unlock a put or get scheduled: the unlock
/// # still serves the victim first.
/// def getter():
///     try: log.append('g got %r' % q.get()); log.append('g got %r' % q.get())
///     except GreenletExit: log.append('g killed'); raise
/// q = Queue(); g = gevent.spawn(getter); gevent.sleep(0)
/// q.put(1); g.kill(block=False); g.join()                          # g got 1 / g killed
/// def putter():
///     try: q.put(2); log.append('p put 2')
///     except GreenletExit: log.append('p killed'); raise
/// q = Queue(1); q.put(1); p = gevent.spawn(putter); gevent.sleep(0)
/// log.append('got %r' % q.get()); p.kill(block=False); p.join()   # got 1 / p put 2 (2 is in the queue)
/// </code>
/// </summary>
[Category(TestCategories.Unit)]
public sealed partial class QueueWaiterTests : HubTestBase
{
    [Greenlet]
    private void Getter(string name, GreenQueue<int> queue, double? timeout)
    {
        try
        {
            var item = queue.Get(timeout: timeout);
            Log.Add($"{name} got {item} at {Now}");
        }
        catch (QueueEmptyException)
        {
            Log.Add($"{name} empty at {Now}");
        }
        catch (GreenletExit)
        {
            Log.Add($"{name} killed at {Now}");
            throw;
        }
    }

    [Greenlet]
    private void GetTwice(string name, GreenQueue<int> queue)
    {
        try
        {
            Log.Add($"{name} got {queue.Get()}");
            Log.Add($"{name} got {queue.Get()}");
        }
        catch (GreenletExit)
        {
            Log.Add($"{name} killed");
            throw;
        }
    }

    [Greenlet]
    private void Putter(string name, GreenQueue<int> queue, int item, double? timeout)
    {
        try
        {
            queue.Put(item, timeout: timeout);
            Log.Add($"{name} put {item} at {Now}");
        }
        catch (QueueFullException)
        {
            Log.Add($"{name} full at {Now}");
        }
        catch (GreenletExit)
        {
            Log.Add($"{name} killed at {Now}");
            throw;
        }
    }

    [Greenlet]
    private void Peeker(string name, GreenQueue<int> queue, double? timeout)
    {
        try
        {
            Log.Add($"{name} peeked {queue.Peek(timeout: timeout)} at {Now}");
        }
        catch (QueueEmptyException)
        {
            Log.Add($"{name} empty at {Now}");
        }
    }

    [Greenlet]
    private void PutThenGet(GreenQueue<int> queue, int item)
    {
        queue.Put(item);
        Log.Add($"took back {queue.Get()}");
    }

    [Greenlet]
    private void GetUnderTimeout(GreenQueue<int> queue, double limit)
    {
        using var timeout = GreenTimeout.StartNew(limit);
        try
        {
            Log.Add($"got {queue.Get()} at {Now}");
        }
        catch (GreenTimeout fired) when (fired == timeout)
        {
            Log.Add($"timeout at {Now}");
        }
    }

    /// <summary>Takes one item, survives a kill raised at its next wait, then waits on an event; logs everything.</summary>
    [Greenlet]
    private void GetThenSurviveKillThenWaitOnEvent(GreenQueue<int> first, GreenQueue<int> second, Greenlets.Event ev)
    {
        Log.Add($"got {first.Get()}");
        try
        {
            Log.Add($"unexpected {second.Get()}");
        }
        catch (GreenletExit)
        {
            Log.Add("kill raised at the next wait");
        }

        Log.Add($"event {ev.Wait()}");
    }

    [Test]
    public void BlockedGettersAreServedInArrivalOrder()
    {
        var queue = new GreenQueue<int>();
        var getters = new[] { "c", "a", "b" }.Select(name => Greenlet.Spawn(Getter, name, queue, (double?)null)).ToArray();
        Greenlet.Sleep(0);

        queue.Put(1);
        queue.Put(2);
        queue.Put(3);
        Assert.That(queue.Count, Is.EqualTo(3), "as in gevent, the items are counted until the unlock serves the getters");
        Greenlet.JoinAll(getters);

        Assert.That(Log, Is.EqualTo(new[] { "c got 1 at 0", "a got 2 at 0", "b got 3 at 0" }));
    }

    [Test]
    public void BlockedPuttersAreServedInArrivalOrder()
    {
        var queue = new GreenQueue<int>(1);
        queue.Put(0);
        var putters = new[] { 3, 1, 2 }.Select(item => Greenlet.Spawn(Putter, $"p{item}", queue, item, (double?)null)).ToArray();
        Greenlet.Sleep(0);

        var items = Enumerable.Range(0, 4).Select(_ => queue.Get()).ToArray();
        Greenlet.JoinAll(putters);

        Assert.That(items, Is.EqualTo(new[] { 0, 3, 1, 2 }));
        Assert.That(Log, Is.EqualTo(new[] { "p3 put 3 at 0", "p1 put 1 at 0", "p2 put 2 at 0" }));
    }

    [Test]
    public void APutThatFindsRoomGoesAheadOfABlockedPutter()
    {
        var queue = new GreenQueue<int>(1);
        queue.Put(0);
        var blocked = Greenlet.Spawn(Putter, "blocked", queue, 1, (double?)null);
        Greenlet.Sleep(0);

        Assert.That(queue.Get(), Is.EqualTo(0));
        Assert.That(queue.TryPut(2), Is.True, "as in gevent, the room goes to whoever puts first");
        Assert.That(queue.Get(), Is.EqualTo(2));
        blocked.Join();

        Assert.That(queue.Get(), Is.EqualTo(1));
        Assert.That(Log, Is.EqualTo(new[] { "blocked put 1 at 0" }));
    }

    [Test]
    public void AGetterThatTimedOutLeavesALaterItemInTheQueue()
    {
        var queue = new GreenQueue<int>();
        var getter = Greenlet.Spawn(Getter, "g", queue, (double?)1);
        getter.Join();

        queue.Put(9);

        Assert.That(Log, Is.EqualTo(new[] { "g empty at 1" }));
        Assert.That((queue.Count, queue.Get()), Is.EqualTo((1, 9)));
    }

    [Test]
    public void AGetterWhoseTimerFiresInTheSamePassAsAPutNeitherLosesNorDuplicatesTheItem()
    {
        var queue = new GreenQueue<int>();
        var getter = Greenlet.Spawn(Getter, "g", queue, (double?)1);
        var putter = Greenlet.Spawn(PutAfter, queue, 1.0, 5);

        Greenlet.JoinAll(getter, putter);

        var taken = Log.Count(line => line == "g got 5 at 1");
        Assert.That(taken + queue.Count, Is.EqualTo(1), string.Join(", ", Log));
    }

    [Greenlet]
    private static void PutAfter(GreenQueue<int> queue, double seconds, int item)
    {
        Greenlet.Sleep(seconds);
        queue.Put(item);
    }

    [Test]
    public void AKilledGetterLeavesALaterItemInTheQueue()
    {
        var queue = new GreenQueue<int>();
        var getter = Greenlet.Spawn(Getter, "g", queue, (double?)null);
        Greenlet.Sleep(0);

        getter.Kill();
        queue.Put(4);

        Assert.That(Log, Is.EqualTo(new[] { "g killed at 0" }));
        Assert.That(queue.Get(), Is.EqualTo(4));
    }

    [Test]
    public void AGetterKilledBeforeTheUnlockServesItLeavesTheItemInTheQueue()
    {
        // gevent queues the kill behind the unlock, so there the getter takes 1 first (see above): a kill here
        // takes effect at once, and the unlock finds no getter left.
        var queue = new GreenQueue<int>();
        var getter = Greenlet.Spawn(GetTwice, "g", queue);
        Greenlet.Sleep(0);

        queue.Put(1);
        getter.Kill(block: false);
        getter.Join();

        Assert.That(Log, Is.EqualTo(new[] { "g killed" }));
        Assert.That((queue.Count, queue.Get()), Is.EqualTo((1, 1)));
    }

    [Test]
    public void AGetterKilledAfterAChannelHandedItAnItemKeepsTheItemAndDiesAtItsNextWait()
    {
        var channel = new GreenChannel<int>();
        var getter = Greenlet.Spawn(GetTwice, "g", (GreenQueue<int>)channel);
        Greenlet.Sleep(0);

        Assert.That(channel.TryPut(1), Is.True);
        getter.Kill(block: false);
        getter.Join();

        Assert.That(Log, Is.EqualTo(new[] { "g got 1", "g killed" }));
        Assert.That((getter.IsDead, getter.IsSuccessful, channel.TryGet(out _)), Is.EqualTo((true, true, false)));
    }

    [Greenlet]
    private void ConsumeAndYield(GreenQueue<int> queue)
    {
        try
        {
            while (true)
            {
                Log.Add($"got {queue.Get()}");
                Greenlet.Sleep(0);
            }
        }
        catch (GreenletExit)
        {
            Log.Add("killed");
            throw;
        }
    }

    [Test]
    public void ADeferredKillIsRaisedAtTheNextYield()
    {
        var channel = new GreenChannel<int>();
        var consumer = Greenlet.Spawn(ConsumeAndYield, (GreenQueue<int>)channel);
        Greenlet.Sleep(0);

        Assert.That(channel.TryPut(1), Is.True);
        consumer.Kill(block: false); // deferred: 1 is already handed to the consumer
        consumer.Join();

        Assert.That(Log, Is.EqualTo(new[] { "got 1", "killed" }), "Sleep(0) is a suspension point");
        Assert.That(channel.TryPut(2), Is.False, "no getter is left");
    }

    [Test]
    public void AGreenTimeoutFiringAfterTheItemWasHandedOverDoesNotLoseIt()
    {
        var queue = new GreenQueue<int>();
        var getter = Greenlet.Spawn(GetUnderTimeout, queue, 1.0);
        Greenlet.Sleep(0);

        // The put hands 3 over at t=1 before the getter runs; its timeout fires in the same pass.
        Greenlet.Spawn(PutAfter, queue, 1.0, 3);
        getter.Join();

        var got = Log.Contains("got 3 at 1");
        Assert.That(got ? 0 : queue.Count, Is.EqualTo(got ? 0 : 1), string.Join(", ", Log));
        Assert.That(got || Log.SequenceEqual(new[] { "timeout at 1" }), Is.True, string.Join(", ", Log));
    }

    [Test]
    public void AGreenTimeoutFiringWhileTheItemIsHandedOverIsDeferredAndTheItemDelivered()
    {
        var channel = new GreenChannel<int>();
        var getter = Greenlet.Spawn(GetUnderTimeout, (GreenQueue<int>)channel, 0.5);
        Greenlet.Sleep(0);

        Assert.That(channel.TryPut(3), Is.True);

        // The getter holds 3 but has not run yet; fire its timeout now, before it resumes.
        getter.Kill(new GreenTimeout(9), block: false);
        getter.Join();

        Assert.That(Log, Is.EqualTo(new[] { "got 3 at 0" }));
        Assert.That(getter.IsSuccessful, Is.True, "the deferred interrupt never found another wait");
    }

    [Test]
    public void AKilledPutterBlockedOnAFullQueueNeverPutsItsItem()
    {
        var queue = new GreenQueue<int>(1);
        queue.Put(1);
        var putter = Greenlet.Spawn(Putter, "p", queue, 2, (double?)null);
        Greenlet.Sleep(0);

        putter.Kill();

        Assert.That(queue.Get(), Is.EqualTo(1));
        Assert.That(queue.TryGet(out _), Is.False);
        Assert.That(Log, Is.EqualTo(new[] { "p killed at 0" }));
    }

    [Test]
    public void APutterThatTimedOutNeverPutsItsItem()
    {
        var queue = new GreenQueue<int>(1);
        queue.Put(1);
        var putter = Greenlet.Spawn(Putter, "p", queue, 2, (double?)1.5);
        putter.Join();

        Assert.That(queue.Get(), Is.EqualTo(1));
        Assert.That(queue.TryGet(out _), Is.False);
        Assert.That(Log, Is.EqualTo(new[] { "p full at 1.5" }));
    }

    [Test]
    public void APutterKilledBeforeTheUnlockLetsItsItemInNeverPutsIt()
    {
        // gevent queues the kill behind the unlock, so there 2 goes in first (see above): a kill here takes
        // effect at once, and the unlock finds no putter left.
        var queue = new GreenQueue<int>(1);
        queue.Put(1);
        var putter = Greenlet.Spawn(Putter, "p", queue, 2, (double?)null);
        Greenlet.Sleep(0);

        Assert.That(queue.Get(), Is.EqualTo(1));
        putter.Kill(block: false);
        putter.Join();

        Assert.That(Log, Is.EqualTo(new[] { "p killed at 0" }));
        Assert.That(queue.IsEmpty, Is.True);
    }

    [Test]
    public void APutterKilledAfterAChannelTookItsItemStillCountsItsPut()
    {
        var channel = new GreenChannel<int>();
        var putter = Greenlet.Spawn(Putter, "p", (GreenQueue<int>)channel, 2, (double?)null);
        Greenlet.Sleep(0);

        Assert.That(channel.TryGet(out var item), Is.True);
        putter.Kill(block: false);
        putter.Join();

        Assert.That((item, putter.IsSuccessful), Is.EqualTo((2, true)));
        Assert.That(Log, Is.EqualTo(new[] { "p put 2 at 0" }));
    }

    [Test]
    public void AGetterTakesDirectlyFromABlockedPutterWhenTheRoomIsPromised()
    {
        var queue = new GreenQueue<int>(1);
        var first = Greenlet.Spawn(Getter, "first", queue, (double?)null);
        Greenlet.Sleep(0);
        queue.Put(1); // promised to "first", which has not run yet: the queue counts as full
        var putter = Greenlet.Spawn(Putter, "p", queue, 2, (double?)null);
        Greenlet.Sleep(0);

        Assert.That(queue.Get(), Is.EqualTo(2));
        Greenlet.JoinAll(first, putter);

        Assert.That(Log, Is.EqualTo(new[] { "first got 1 at 0", "p put 2 at 0" }));
    }

    [Test]
    public void AGreenletWithADeferredKillLeavesNoLiveEntryBehind()
    {
        var first = new GreenChannel<int>();
        var second = new GreenQueue<int>();
        var ev = new Greenlets.Event();
        var g = Greenlet.Spawn(GetThenSurviveKillThenWaitOnEvent, (GreenQueue<int>)first, second, ev);
        Greenlet.Sleep(0);

        first.TryPut(1);
        g.Kill(block: false); // deferred: the getter was handed 1 and has not run
        Greenlet.Sleep(0);    // it takes 1; its get on `second` wakes it at once to raise the kill
        Greenlet.Sleep(0);    // it catches the kill and parks on ev
        Assert.That((g.State, Log.Count), Is.EqualTo((GreenletState.Parked, 2)));

        second.Put(2);
        ev.Set();
        g.Join();

        Assert.That(Log, Is.EqualTo(new[] { "got 1", "kill raised at the next wait", "event True" }));
        Assert.That((second.Count, second.GetNowait()), Is.EqualTo((1, 2)), "2 was not promised to a greenlet that left");
    }

    [Test]
    public void APeekerWaitsOnWhenAGetTakesTheItemBeforeTheUnlockServesIt()
    {
        var queue = new GreenQueue<int>();
        var peeker = Greenlet.Spawn(Peeker, "k", queue, (double?)1);
        Greenlet.Sleep(0);

        var taker = Greenlet.Spawn(PutThenGet, queue, 6);
        Greenlet.JoinAll(peeker, taker);

        Assert.That(Log, Is.EqualTo(new[] { "took back 6", "k empty at 1" }));
    }

    [Test]
    public void EveryWaitingPeekerSeesTheItemAndItStays()
    {
        var queue = new GreenQueue<int>();
        var peekers = new[] { "a", "b" }.Select(name => Greenlet.Spawn(Peeker, name, queue, (double?)null)).ToArray();
        Greenlet.Sleep(0);

        queue.Put(8);
        Greenlet.JoinAll(peekers);

        Assert.That(Log, Is.EqualTo(new[] { "a peeked 8 at 0", "b peeked 8 at 0" }));
        Assert.That(queue.Count, Is.EqualTo(1));
    }

    [Test]
    public void APeekerSeesAnItemAdmittedFromABlockedPutter()
    {
        var queue = new GreenQueue<int>(1);
        var getter = Greenlet.Spawn(Getter, "g", queue, (double?)null);
        var peeker = Greenlet.Spawn(Peeker, "k", queue, (double?)5);
        Greenlet.Sleep(0);

        queue.Put(2); // promised to g: the queue is full, yet there is nothing to peek at
        queue.Put(1); // blocks main until g takes 2, which lets 1 in
        Greenlet.JoinAll(getter, peeker);

        Assert.That(Log, Is.EqualTo(new[] { "g got 2 at 0", "k peeked 1 at 0" }));
        Assert.That(queue.Get(), Is.EqualTo(1));
    }

    [Test]
    public void APeekerTimesOutWithEmpty()
    {
        var queue = new GreenQueue<int>();
        var peeker = Greenlet.Spawn(Peeker, "k", queue, (double?)2);

        peeker.Join();

        Assert.That(Log, Is.EqualTo(new[] { "k empty at 2" }));
    }

    [Test]
    public void ManyTimedOutWaitersDoNotHoldUpLaterOnes()
    {
        var queue = new GreenQueue<int>();
        var quitters = Enumerable.Range(0, 100).Select(i => Greenlet.Spawn(Getter, $"q{i}", queue, (double?)1)).ToArray();
        Greenlet.JoinAll(quitters);
        var stayer = Greenlet.Spawn(Getter, "stayer", queue, (double?)null);
        Greenlet.Sleep(0);

        queue.Put(42);
        stayer.Join();

        Assert.That(Log.Last(), Is.EqualTo("stayer got 42 at 1"));
        Assert.That(queue.IsEmpty, Is.True);
    }

    [Test]
    public void BlockedPuttersKeepTheirItemsAndOrderWhenTheirListIsSweptAndGrows()
    {
        // Eight putters fill the waiter list (a ring from the second one on); the odd ones time out, leaving stale
        // entries between live ones. Eight more then arrive: the ring, full, sweeps out the stale ones, then grows.
        var queue = new GreenQueue<int>(1);
        queue.Put(0);
        var early = Enumerable.Range(1, 8).Select(i => Greenlet.Spawn(Putter, $"p{i}", queue, i, i % 2 == 1 ? 1 : (double?)null)).ToArray();
        Greenlet.Sleep(2);
        var late = Enumerable.Range(9, 8).Select(i => Greenlet.Spawn(Putter, $"p{i}", queue, i, (double?)null)).ToArray();
        Greenlet.Sleep(0);

        var items = Enumerable.Range(0, 13).Select(_ => queue.Get()).ToArray();
        Greenlet.JoinAll(early.Concat(late));

        Assert.That(items, Is.EqualTo(new[] { 0, 2, 4, 6, 8, 9, 10, 11, 12, 13, 14, 15, 16 }));
        Assert.That(Log.Where(line => line.Contains("full")), Is.EqualTo(new[] { "p1 full at 1", "p3 full at 1", "p5 full at 1", "p7 full at 1" }));
        Assert.That(queue.IsEmpty, Is.True);
    }
}
