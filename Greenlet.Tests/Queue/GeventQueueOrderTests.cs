namespace Greenlets.Tests.Queue;

/// <summary>
/// Blocked putters and getters of every queue class resume in the same order as gevent's, pass for pass: a greenlet
/// spinning on sleep(0) alongside shows where each wake lands. Each scenario below is a case of one Python program,
/// run with /usr/bin/python3 (gevent 22.10.2); its output is <see cref="s_gevent"/>, and each C# scenario is its
/// case's body, line for line.
/// </summary>
/// <remarks>
/// <code>
/// import gevent
/// from gevent.queue import Queue, LifoQueue, PriorityQueue, JoinableQueue, Channel, Empty, Full
/// log = []
/// def spinner():
///     for i in range(8):
///         log.append('s%d' % i)
///         gevent.sleep(0)
/// def putter(name, q, items, timeout=None):
///     for item in items:
///         log.append('%s put %r' % (name, item))
///         try:
///             q.put(item, timeout=timeout)
///             log.append('%s put %r done' % (name, item))
///         except Full:
///             log.append('%s put %r full' % (name, item))
/// def getter(name, q, n, timeout=None):
///     for _ in range(n):
///         log.append('%s get' % name)
///         try:
///             log.append('%s got %r' % (name, q.get(timeout=timeout)))
///         except Empty:
///             log.append('%s empty' % name)
/// def peeker(name, q, timeout=None):
///     log.append('%s peek' % name)
///     try:
///         log.append('%s peeked %r' % (name, q.peek(timeout=timeout)))
///     except Empty:
///         log.append('%s empty' % name)
/// def worker(name, q, n):
///     for _ in range(n):
///         log.append('%s got %r' % (name, q.get()))
///         gevent.sleep(0)
///         q.task_done()
///         log.append('%s done' % name)
/// def later(seconds, fn, *args):
///     gevent.sleep(seconds)
///     fn(*args)
/// spawn = gevent.spawn
/// def case(name):
///     def run(body):
///         del log[:]
///         s = spawn(spinner)
///         body()
///         s.join()
///         gevent.sleep(1)
///         print('%s: %s' % (name, ' / '.join(log)))
///     return run
///
/// @case('queue1 producer consumer')
/// def _():
///     q = Queue(1)
///     gevent.joinall([spawn(putter, 'p', q, [0, 1, 2, 3]), spawn(getter, 'c', q, 4)])
///
/// @case('queue1 consumer first')
/// def _():
///     q = Queue(1)
///     gevent.joinall([spawn(getter, 'c', q, 3), spawn(putter, 'p', q, [0, 1, 2])])
///
/// @case('queue1 main puts')
/// def _():
///     q = Queue(1)
///     c = spawn(getter, 'c', q, 3)
///     putter('main', q, [0, 1, 2])
///     c.join()
///
/// @case('queue1 main gets')
/// def _():
///     q = Queue(1)
///     spawn(putter, 'p', q, [0, 1, 2])
///     getter('main', q, 3)
///
/// @case('queue1 blocked putters')
/// def _():
///     q = Queue(1)
///     q.put(0)
///     spawn(putter, 'a', q, [1]); spawn(putter, 'b', q, [2]); spawn(putter, 'c', q, [3])
///     gevent.sleep(0)
///     getter('main', q, 4)
///
/// @case('queue1 blocked getters')
/// def _():
///     q = Queue(1)
///     gs = [spawn(getter, 'a', q, 1), spawn(getter, 'b', q, 1), spawn(getter, 'c', q, 1)]
///     gevent.sleep(0)
///     putter('main', q, [1, 2, 3])
///     gevent.joinall(gs)
///
/// @case('queue1 put overtakes a blocked putter')
/// def _():
///     q = Queue(1)
///     q.put(0)
///     b = spawn(putter, 'b', q, [1])
///     gevent.sleep(0)
///     getter('main', q, 1)
///     try:
///         q.put_nowait(2)
///         log.append('main put 2 done')
///     except Full:
///         log.append('main put 2 full')
///     getter('main', q, 2)
///     b.join()
///
/// @case('queue get takes ahead of a waiting getter')
/// def _():
///     q = Queue()
///     a = spawn(getter, 'a', q, 1)
///     gevent.sleep(0)
///     q.put(1)
///     log.append('main took %r' % q.get_nowait())
///     q.put(2)
///     a.join()
///
/// @case('queue2 producer consumer')
/// def _():
///     q = Queue(2)
///     gevent.joinall([spawn(putter, 'p', q, [0, 1, 2, 3, 4]), spawn(getter, 'c', q, 5)])
///
/// @case('queue2 two producers two consumers')
/// def _():
///     q = Queue(2)
///     gevent.joinall([spawn(putter, 'p', q, [0, 1, 2]), spawn(putter, 'q', q, [10, 11, 12]),
///                     spawn(getter, 'c', q, 3), spawn(getter, 'd', q, 3)])
///
/// @case('unbounded producer consumer')
/// def _():
///     q = Queue()
///     gevent.joinall([spawn(getter, 'c', q, 3), spawn(putter, 'p', q, [0, 1, 2])])
///
/// @case('unbounded puts to waiting getters')
/// def _():
///     q = Queue()
///     gs = [spawn(getter, 'a', q, 2), spawn(getter, 'b', q, 1)]
///     gevent.sleep(0)
///     q.put(1)
///     spawn(log.append, 'x')
///     q.put(2)
///     q.put(3)
///     log.append('main put 1 2 3')
///     gevent.joinall(gs)
///
/// @case('lifo2')
/// def _():
///     q = LifoQueue(2)
///     gevent.joinall([spawn(putter, 'p', q, [1, 2, 3, 4, 5]), spawn(getter, 'c', q, 5)])
///
/// @case('priority2')
/// def _():
///     q = PriorityQueue(2)
///     gevent.joinall([spawn(putter, 'p', q, [5, 1, 4, 2, 3]), spawn(getter, 'c', q, 5)])
///
/// @case('priority1 blocked putters')
/// def _():
///     q = PriorityQueue(1)
///     q.put(9)
///     spawn(putter, 'a', q, [5]); spawn(putter, 'b', q, [1]); spawn(putter, 'c', q, [7])
///     gevent.sleep(0)
///     getter('main', q, 4)
///
/// @case('lifo1 blocked getters')
/// def _():
///     q = LifoQueue(1)
///     gs = [spawn(getter, 'a', q, 2), spawn(getter, 'b', q, 1)]
///     gevent.sleep(0)
///     putter('main', q, [1, 2, 3])
///     gevent.joinall(gs)
///
/// @case('joinable1')
/// def _():
///     q = JoinableQueue(1)
///     spawn(worker, 'w', q, 3)
///     putter('main', q, [0, 1, 2])
///     log.append('main join %r' % q.join())
///
/// @case('joinable2 two workers')
/// def _():
///     q = JoinableQueue(2)
///     spawn(worker, 'v', q, 2); spawn(worker, 'w', q, 2)
///     putter('main', q, [0, 1, 2, 3])
///     log.append('main join %r' % q.join())
///
/// @case('peekers take turns with getters')
/// def _():
///     q = Queue()
///     ws = [spawn(peeker, 'k', q), spawn(getter, 'g', q, 1), spawn(peeker, 'l', q, 0.1)]
///     gevent.sleep(0)
///     putter('main', q, [7])
///     gevent.joinall(ws)
///     log.append('left %d' % q.qsize())
///
/// @case('queue1 put timeouts')
/// def _():
///     q = Queue(1)
///     q.put(0)
///     ws = [spawn(putter, 'a', q, [1], 0.1), spawn(putter, 'b', q, [2]), spawn(putter, 'c', q, [3], 0.3),
///           spawn(later, 0.2, getter, 'd', q, 2)]
///     gevent.joinall(ws)
///     log.append('left %r' % q.get_nowait())
///
/// @case('queue1 main put timeout')
/// def _():
///     q = Queue(1)
///     q.put(0)
///     spawn(later, 0.2, getter, 'g', q, 2)
///     putter('main', q, [1], 0.1)
///     putter('main', q, [2])
///
/// @case('queue get timeouts')
/// def _():
///     q = Queue()
///     gs = [spawn(getter, 'a', q, 1, 0.1), spawn(getter, 'b', q, 1), spawn(getter, 'c', q, 2, 0.3)]
///     spawn(later, 0.2, putter, 'p', q, [1, 2])
///     gevent.joinall(gs)
///
/// @case('channel producer consumer')
/// def _():
///     q = Channel()
///     gevent.joinall([spawn(putter, 'p', q, [0, 1, 2]), spawn(getter, 'c', q, 3)])
///
/// @case('channel main puts')
/// def _():
///     q = Channel()
///     c = spawn(getter, 'c', q, 2)
///     gevent.sleep(0)
///     putter('main', q, [1, 2])
///     c.join()
///
/// @case('channel main gets')
/// def _():
///     q = Channel()
///     spawn(putter, 'a', q, [1]); spawn(putter, 'b', q, [2])
///     gevent.sleep(0)
///     getter('main', q, 2)
///
/// @case('channel several')
/// def _():
///     q = Channel()
///     gevent.joinall([spawn(getter, 'c', q, 2), spawn(putter, 'p', q, [1, 2]), spawn(putter, 'q', q, [3]),
///                     spawn(getter, 'd', q, 1)])
///
/// @case('channel timeouts')
/// def _():
///     q = Channel()
///     gevent.joinall([spawn(putter, 'a', q, [1], 0.1), spawn(putter, 'b', q, [2], 0.3),
///                     spawn(later, 0.2, getter, 'c', q, 2, 0.2)])
///
/// @case('channel get timeouts')
/// def _():
///     q = Channel()
///     gs = [spawn(getter, 'a', q, 1, 0.1), spawn(getter, 'b', q, 1), spawn(getter, 'c', q, 1, 0.3)]
///     spawn(later, 0.2, putter, 'p', q, [1, 2])
///     gevent.joinall(gs)
/// </code>
/// </remarks>
[Category(TestCategories.Unit)]
public sealed partial class GeventQueueOrderTests : HubTestBase
{
    private static readonly double? s_noTimeout = null;

    /// <summary>What gevent printed, scenario by scenario.</summary>
    private static readonly Dictionary<string, string> s_gevent = new()
    {
        ["queue1 producer consumer"] =
            "s0 / p put 0 / p put 0 done / p put 1 / c get / c got 0 / c get / s1 / p put 1 done / p put 2 / " +
            "c got 1 / c get / p put 2 done / p put 3 / c got 2 / c get / p put 3 done / c got 3 / s2 / s3 / s4 / " +
            "s5 / s6 / s7",
        ["queue1 consumer first"] =
            "s0 / c get / p put 0 / p put 0 done / p put 1 / s1 / c got 0 / c get / p put 1 done / p put 2 / " +
            "c got 1 / c get / p put 2 done / c got 2 / s2 / s3 / s4 / s5 / s6 / s7",
        ["queue1 main puts"] =
            "main put 0 / main put 0 done / main put 1 / s0 / c get / c got 0 / c get / s1 / main put 1 done / " +
            "main put 2 / c got 1 / c get / main put 2 done / c got 2 / s2 / s3 / s4 / s5 / s6 / s7",
        ["queue1 main gets"] =
            "main get / s0 / p put 0 / p put 0 done / p put 1 / s1 / main got 0 / main get / p put 1 done / " +
            "p put 2 / main got 1 / main get / p put 2 done / main got 2 / s2 / s3 / s4 / s5 / s6 / s7",
        ["queue1 blocked putters"] =
            "s0 / a put 1 / b put 2 / c put 3 / main get / main got 0 / main get / s1 / a put 1 done / main got 1 / " +
            "main get / b put 2 done / main got 2 / main get / c put 3 done / main got 3 / s2 / s3 / s4 / s5 / s6 / " +
            "s7",
        ["queue1 blocked getters"] =
            "s0 / a get / b get / c get / main put 1 / main put 1 done / main put 2 / s1 / a got 1 / " +
            "main put 2 done / main put 3 / b got 2 / main put 3 done / c got 3 / s2 / s3 / s4 / s5 / s6 / s7",
        ["queue1 put overtakes a blocked putter"] =
            "s0 / b put 1 / main get / main got 0 / main put 2 done / main get / main got 2 / main get / s1 / " +
            "b put 1 done / main got 1 / s2 / s3 / s4 / s5 / s6 / s7",
        ["queue get takes ahead of a waiting getter"] =
            "s0 / a get / main took 1 / s1 / a got 2 / s2 / s3 / s4 / s5 / s6 / s7",
        ["queue2 producer consumer"] =
            "s0 / p put 0 / p put 0 done / p put 1 / p put 1 done / p put 2 / c get / c got 0 / c get / c got 1 / " +
            "c get / s1 / p put 2 done / p put 3 / p put 3 done / p put 4 / c got 2 / c get / c got 3 / c get / " +
            "p put 4 done / c got 4 / s2 / s3 / s4 / s5 / s6 / s7",
        ["queue2 two producers two consumers"] =
            "s0 / p put 0 / p put 0 done / p put 1 / p put 1 done / p put 2 / q put 10 / c get / c got 0 / c get / " +
            "c got 1 / c get / d get / s1 / p put 2 done / c got 2 / q put 10 done / q put 11 / q put 11 done / " +
            "q put 12 / d got 10 / d get / d got 11 / d get / q put 12 done / d got 12 / s2 / s3 / s4 / s5 / s6 / " +
            "s7",
        ["unbounded producer consumer"] =
            "s0 / c get / p put 0 / p put 0 done / p put 1 / p put 1 done / p put 2 / p put 2 done / s1 / c got 0 / " +
            "c get / c got 1 / c get / c got 2 / s2 / s3 / s4 / s5 / s6 / s7",
        ["unbounded puts to waiting getters"] =
            "s0 / a get / b get / main put 1 2 3 / s1 / a got 1 / a get / a got 2 / b got 3 / x / s2 / s3 / s4 / " +
            "s5 / s6 / s7",
        ["lifo2"] =
            "s0 / p put 1 / p put 1 done / p put 2 / p put 2 done / p put 3 / c get / c got 2 / c get / c got 1 / " +
            "c get / s1 / p put 3 done / p put 4 / p put 4 done / p put 5 / c got 4 / c get / c got 3 / c get / " +
            "p put 5 done / c got 5 / s2 / s3 / s4 / s5 / s6 / s7",
        ["priority2"] =
            "s0 / p put 5 / p put 5 done / p put 1 / p put 1 done / p put 4 / c get / c got 1 / c get / c got 5 / " +
            "c get / s1 / p put 4 done / p put 2 / p put 2 done / p put 3 / c got 2 / c get / c got 4 / c get / " +
            "p put 3 done / c got 3 / s2 / s3 / s4 / s5 / s6 / s7",
        ["priority1 blocked putters"] =
            "s0 / a put 5 / b put 1 / c put 7 / main get / main got 9 / main get / s1 / a put 5 done / main got 5 / " +
            "main get / b put 1 done / main got 1 / main get / c put 7 done / main got 7 / s2 / s3 / s4 / s5 / s6 / " +
            "s7",
        ["lifo1 blocked getters"] =
            "s0 / a get / b get / main put 1 / main put 1 done / main put 2 / s1 / a got 1 / a get / " +
            "main put 2 done / main put 3 / b got 2 / main put 3 done / a got 3 / s2 / s3 / s4 / s5 / s6 / s7",
        ["joinable1"] =
            "main put 0 / main put 0 done / main put 1 / s0 / w got 0 / s1 / main put 1 done / main put 2 / " +
            "w done / w got 1 / s2 / main put 2 done / w done / w got 2 / s3 / w done / s4 / main join True / s5 / " +
            "s6 / s7",
        ["joinable2 two workers"] =
            "main put 0 / main put 0 done / main put 1 / main put 1 done / main put 2 / s0 / v got 0 / w got 1 / " +
            "s1 / main put 2 done / main put 3 / main put 3 done / v done / v got 2 / w done / w got 3 / s2 / " +
            "v done / w done / s3 / main join True / s4 / s5 / s6 / s7",
        ["peekers take turns with getters"] =
            "s0 / k peek / g get / l peek / main put 7 / main put 7 done / s1 / k peeked 7 / g got 7 / s2 / s3 / " +
            "s4 / s5 / s6 / s7 / l empty / left 0",
        ["queue1 put timeouts"] =
            "s0 / a put 1 / b put 2 / c put 3 / s1 / s2 / s3 / s4 / s5 / s6 / s7 / a put 1 full / d get / d got 0 / " +
            "d get / b put 2 done / d got 2 / c put 3 done / left 3",
        ["queue1 main put timeout"] =
            "main put 1 / s0 / s1 / s2 / s3 / s4 / s5 / s6 / s7 / main put 1 full / main put 2 / g get / g got 0 / " +
            "g get / main put 2 done / g got 2",
        ["queue get timeouts"] =
            "s0 / a get / b get / c get / s1 / s2 / s3 / s4 / s5 / s6 / s7 / a empty / p put 1 / p put 1 done / " +
            "p put 2 / p put 2 done / b got 1 / c got 2 / c get / c empty",
        ["channel producer consumer"] =
            "s0 / p put 0 / c get / s1 / c got 0 / c get / p put 0 done / p put 1 / c got 1 / c get / " +
            "p put 1 done / p put 2 / c got 2 / p put 2 done / s2 / s3 / s4 / s5 / s6 / s7",
        ["channel main puts"] =
            "s0 / c get / main put 1 / s1 / c got 1 / c get / main put 1 done / main put 2 / c got 2 / " +
            "main put 2 done / s2 / s3 / s4 / s5 / s6 / s7",
        ["channel main gets"] =
            "s0 / a put 1 / b put 2 / main get / s1 / main got 1 / main get / a put 1 done / main got 2 / " +
            "b put 2 done / s2 / s3 / s4 / s5 / s6 / s7",
        ["channel several"] =
            "s0 / c get / p put 1 / q put 3 / d get / s1 / c got 1 / c get / p put 1 done / p put 2 / d got 3 / " +
            "q put 3 done / c got 2 / p put 2 done / s2 / s3 / s4 / s5 / s6 / s7",
        ["channel timeouts"] =
            "s0 / a put 1 / b put 2 / s1 / s2 / s3 / s4 / s5 / s6 / s7 / a put 1 full / c get / c got 2 / c get / " +
            "b put 2 done / c empty",
        ["channel get timeouts"] =
            "s0 / a get / b get / c get / s1 / s2 / s3 / s4 / s5 / s6 / s7 / a empty / p put 1 / b got 1 / " +
            "p put 1 done / p put 2 / c got 2 / p put 2 done",
    };

    public static IEnumerable<TestCaseData> Scenarios() => s_gevent.Select(pair => new TestCaseData(pair.Key).SetName(pair.Key));

    [TestCaseSource(nameof(Scenarios))]
    public void OrderMatchesGevent(string scenario)
    {
        var spinner = Greenlet.Spawn(Spinner);
        Body(scenario)();
        spinner.Join();
        Greenlet.Sleep(1);

        Assert.That(string.Join(" / ", Log), Is.EqualTo(s_gevent[scenario]));
    }

    [Greenlet]
    private void Spinner()
    {
        for (var i = 0; i < 8; i++)
        {
            Log.Add($"s{i}");
            Greenlet.Sleep(0);
        }
    }

    [Greenlet]
    private void Putter(string name, GreenQueue<int> q, int[] items, double? timeout)
    {
        foreach (var item in items)
        {
            Log.Add($"{name} put {item}");
            try
            {
                q.Put(item, timeout: timeout);
                Log.Add($"{name} put {item} done");
            }
            catch (QueueFullException)
            {
                Log.Add($"{name} put {item} full");
            }
        }
    }

    [Greenlet]
    private void Getter(string name, GreenQueue<int> q, int n, double? timeout)
    {
        for (var i = 0; i < n; i++)
        {
            Log.Add($"{name} get");
            try
            {
                Log.Add($"{name} got {q.Get(timeout: timeout)}");
            }
            catch (QueueEmptyException)
            {
                Log.Add($"{name} empty");
            }
        }
    }

    [Greenlet]
    private void Peeker(string name, GreenQueue<int> q, double? timeout)
    {
        Log.Add($"{name} peek");
        try
        {
            Log.Add($"{name} peeked {q.Peek(timeout: timeout)}");
        }
        catch (QueueEmptyException)
        {
            Log.Add($"{name} empty");
        }
    }

    [Greenlet]
    private void Worker(string name, JoinableQueue<int> q, int n)
    {
        for (var i = 0; i < n; i++)
        {
            Log.Add($"{name} got {q.Get()}");
            Greenlet.Sleep(0);
            q.TaskDone();
            Log.Add($"{name} done");
        }
    }

    [Greenlet]
    private void GetterLater(double seconds, string name, GreenQueue<int> q, int n, double? timeout)
    {
        Greenlet.Sleep(seconds);
        Getter(name, q, n, timeout);
    }

    [Greenlet]
    private void PutterLater(double seconds, string name, GreenQueue<int> q, int[] items)
    {
        Greenlet.Sleep(seconds);
        Putter(name, q, items, s_noTimeout);
    }

    [Greenlet]
    private void Append(string line) => Log.Add(line);
}
