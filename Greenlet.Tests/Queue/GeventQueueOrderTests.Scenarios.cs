namespace Greenlets.Tests.Queue;

/// <summary>The scenarios of <see cref="GeventQueueOrderTests"/>: each is its Python case's body, line for line.</summary>
public sealed partial class GeventQueueOrderTests
{
    private Action Body(string scenario) => scenario switch
    {
        "queue1 producer consumer" => () =>
        {
            var q = new GreenQueue<int>(1);
            Greenlet.JoinAll(Greenlet.Spawn(Putter, "p", q, new[] { 0, 1, 2, 3 }, s_noTimeout), Greenlet.Spawn(Getter, "c", q, 4, s_noTimeout));
        }
        ,
        "queue1 consumer first" => () =>
        {
            var q = new GreenQueue<int>(1);
            Greenlet.JoinAll(Greenlet.Spawn(Getter, "c", q, 3, s_noTimeout), Greenlet.Spawn(Putter, "p", q, new[] { 0, 1, 2 }, s_noTimeout));
        }
        ,
        "queue1 main puts" => () =>
        {
            var q = new GreenQueue<int>(1);
            var c = Greenlet.Spawn(Getter, "c", q, 3, s_noTimeout);
            Putter("main", q, [0, 1, 2], s_noTimeout);
            c.Join();
        }
        ,
        "queue1 main gets" => () =>
        {
            var q = new GreenQueue<int>(1);
            Greenlet.Spawn(Putter, "p", q, new[] { 0, 1, 2 }, s_noTimeout);
            Getter("main", q, 3, s_noTimeout);
        }
        ,
        "queue1 blocked putters" => () =>
        {
            var q = new GreenQueue<int>(1);
            q.Put(0);
            Greenlet.Spawn(Putter, "a", q, new[] { 1 }, s_noTimeout);
            Greenlet.Spawn(Putter, "b", q, new[] { 2 }, s_noTimeout);
            Greenlet.Spawn(Putter, "c", q, new[] { 3 }, s_noTimeout);
            Greenlet.Sleep(0);
            Getter("main", q, 4, s_noTimeout);
        }
        ,
        "queue1 blocked getters" => () =>
        {
            var q = new GreenQueue<int>(1);
            var gs = new[] { Greenlet.Spawn(Getter, "a", q, 1, s_noTimeout), Greenlet.Spawn(Getter, "b", q, 1, s_noTimeout), Greenlet.Spawn(Getter, "c", q, 1, s_noTimeout) };
            Greenlet.Sleep(0);
            Putter("main", q, [1, 2, 3], s_noTimeout);
            Greenlet.JoinAll(gs);
        }
        ,
        "queue1 put overtakes a blocked putter" => () =>
        {
            var q = new GreenQueue<int>(1);
            q.Put(0);
            var b = Greenlet.Spawn(Putter, "b", q, new[] { 1 }, s_noTimeout);
            Greenlet.Sleep(0);
            Getter("main", q, 1, s_noTimeout);
            try
            {
                q.PutNowait(2);
                Log.Add("main put 2 done");
            }
            catch (QueueFullException)
            {
                Log.Add("main put 2 full");
            }

            Getter("main", q, 2, s_noTimeout);
            b.Join();
        }
        ,
        "queue get takes ahead of a waiting getter" => () =>
        {
            var q = new GreenQueue<int>();
            var a = Greenlet.Spawn(Getter, "a", q, 1, s_noTimeout);
            Greenlet.Sleep(0);
            q.Put(1);
            Log.Add($"main took {q.GetNowait()}");
            q.Put(2);
            a.Join();
        }
        ,
        "queue2 producer consumer" => () =>
        {
            var q = new GreenQueue<int>(2);
            Greenlet.JoinAll(Greenlet.Spawn(Putter, "p", q, new[] { 0, 1, 2, 3, 4 }, s_noTimeout), Greenlet.Spawn(Getter, "c", q, 5, s_noTimeout));
        }
        ,
        "queue2 two producers two consumers" => () =>
        {
            var q = new GreenQueue<int>(2);
            Greenlet.JoinAll(
                Greenlet.Spawn(Putter, "p", q, new[] { 0, 1, 2 }, s_noTimeout),
                Greenlet.Spawn(Putter, "q", q, new[] { 10, 11, 12 }, s_noTimeout),
                Greenlet.Spawn(Getter, "c", q, 3, s_noTimeout),
                Greenlet.Spawn(Getter, "d", q, 3, s_noTimeout));
        }
        ,
        "unbounded producer consumer" => () =>
        {
            var q = new GreenQueue<int>();
            Greenlet.JoinAll(Greenlet.Spawn(Getter, "c", q, 3, s_noTimeout), Greenlet.Spawn(Putter, "p", q, new[] { 0, 1, 2 }, s_noTimeout));
        }
        ,
        "unbounded puts to waiting getters" => () =>
        {
            var q = new GreenQueue<int>();
            var gs = new[] { Greenlet.Spawn(Getter, "a", q, 2, s_noTimeout), Greenlet.Spawn(Getter, "b", q, 1, s_noTimeout) };
            Greenlet.Sleep(0);
            q.Put(1);
            Greenlet.Spawn(Append, "x");
            q.Put(2);
            q.Put(3);
            Log.Add("main put 1 2 3");
            Greenlet.JoinAll(gs);
        }
        ,
        "lifo2" => () =>
        {
            var q = new LifoQueue<int>(2);
            Greenlet.JoinAll(Greenlet.Spawn(Putter, "p", (GreenQueue<int>)q, new[] { 1, 2, 3, 4, 5 }, s_noTimeout), Greenlet.Spawn(Getter, "c", (GreenQueue<int>)q, 5, s_noTimeout));
        }
        ,
        "priority2" => () =>
        {
            var q = new GreenPriorityQueue<int>(2);
            Greenlet.JoinAll(Greenlet.Spawn(Putter, "p", (GreenQueue<int>)q, new[] { 5, 1, 4, 2, 3 }, s_noTimeout), Greenlet.Spawn(Getter, "c", (GreenQueue<int>)q, 5, s_noTimeout));
        }
        ,
        "priority1 blocked putters" => () =>
        {
            GreenQueue<int> q = new GreenPriorityQueue<int>(1);
            q.Put(9);
            Greenlet.Spawn(Putter, "a", q, new[] { 5 }, s_noTimeout);
            Greenlet.Spawn(Putter, "b", q, new[] { 1 }, s_noTimeout);
            Greenlet.Spawn(Putter, "c", q, new[] { 7 }, s_noTimeout);
            Greenlet.Sleep(0);
            Getter("main", q, 4, s_noTimeout);
        }
        ,
        "lifo1 blocked getters" => () =>
        {
            GreenQueue<int> q = new LifoQueue<int>(1);
            var gs = new[] { Greenlet.Spawn(Getter, "a", q, 2, s_noTimeout), Greenlet.Spawn(Getter, "b", q, 1, s_noTimeout) };
            Greenlet.Sleep(0);
            Putter("main", q, [1, 2, 3], s_noTimeout);
            Greenlet.JoinAll(gs);
        }
        ,
        "joinable1" => () =>
        {
            var q = new JoinableQueue<int>(1);
            Greenlet.Spawn(Worker, "w", q, 3);
            Putter("main", q, [0, 1, 2], s_noTimeout);
            Log.Add($"main join {q.Join()}");
        }
        ,
        "joinable2 two workers" => () =>
        {
            var q = new JoinableQueue<int>(2);
            Greenlet.Spawn(Worker, "v", q, 2);
            Greenlet.Spawn(Worker, "w", q, 2);
            Putter("main", q, [0, 1, 2, 3], s_noTimeout);
            Log.Add($"main join {q.Join()}");
        }
        ,
        "peekers take turns with getters" => () =>
        {
            var q = new GreenQueue<int>();
            var ws = new[] { Greenlet.Spawn(Peeker, "k", q, s_noTimeout), Greenlet.Spawn(Getter, "g", q, 1, s_noTimeout), Greenlet.Spawn(Peeker, "l", q, (double?)0.1) };
            Greenlet.Sleep(0);
            Putter("main", q, [7], s_noTimeout);
            Greenlet.JoinAll(ws);
            Log.Add($"left {q.Count}");
        }
        ,
        "queue1 put timeouts" => () =>
        {
            var q = new GreenQueue<int>(1);
            q.Put(0);
            Greenlet.JoinAll(
                Greenlet.Spawn(Putter, "a", q, new[] { 1 }, (double?)0.1),
                Greenlet.Spawn(Putter, "b", q, new[] { 2 }, s_noTimeout),
                Greenlet.Spawn(Putter, "c", q, new[] { 3 }, (double?)0.3),
                Greenlet.Spawn(GetterLater, 0.2, "d", q, 2, s_noTimeout));
            Log.Add($"left {q.GetNowait()}");
        }
        ,
        "queue1 main put timeout" => () =>
        {
            var q = new GreenQueue<int>(1);
            q.Put(0);
            Greenlet.Spawn(GetterLater, 0.2, "g", q, 2, s_noTimeout);
            Putter("main", q, [1], 0.1);
            Putter("main", q, [2], s_noTimeout);
        }
        ,
        "queue get timeouts" => () =>
        {
            var q = new GreenQueue<int>();
            var gs = new[] { Greenlet.Spawn(Getter, "a", q, 1, (double?)0.1), Greenlet.Spawn(Getter, "b", q, 1, s_noTimeout), Greenlet.Spawn(Getter, "c", q, 2, (double?)0.3) };
            Greenlet.Spawn(PutterLater, 0.2, "p", q, new[] { 1, 2 });
            Greenlet.JoinAll(gs);
        }
        ,
        "channel producer consumer" => () =>
        {
            var q = new GreenChannel<int>();
            Greenlet.JoinAll(Greenlet.Spawn(Putter, "p", (GreenQueue<int>)q, new[] { 0, 1, 2 }, s_noTimeout), Greenlet.Spawn(Getter, "c", (GreenQueue<int>)q, 3, s_noTimeout));
        }
        ,
        "channel main puts" => () =>
        {
            var q = new GreenChannel<int>();
            var c = Greenlet.Spawn(Getter, "c", (GreenQueue<int>)q, 2, s_noTimeout);
            Greenlet.Sleep(0);
            Putter("main", q, [1, 2], s_noTimeout);
            c.Join();
        }
        ,
        "channel main gets" => () =>
        {
            var q = new GreenChannel<int>();
            Greenlet.Spawn(Putter, "a", (GreenQueue<int>)q, new[] { 1 }, s_noTimeout);
            Greenlet.Spawn(Putter, "b", (GreenQueue<int>)q, new[] { 2 }, s_noTimeout);
            Greenlet.Sleep(0);
            Getter("main", q, 2, s_noTimeout);
        }
        ,
        "channel several" => () =>
        {
            GreenQueue<int> q = new GreenChannel<int>();
            Greenlet.JoinAll(
                Greenlet.Spawn(Getter, "c", q, 2, s_noTimeout),
                Greenlet.Spawn(Putter, "p", q, new[] { 1, 2 }, s_noTimeout),
                Greenlet.Spawn(Putter, "q", q, new[] { 3 }, s_noTimeout),
                Greenlet.Spawn(Getter, "d", q, 1, s_noTimeout));
        }
        ,
        "channel timeouts" => () =>
        {
            GreenQueue<int> q = new GreenChannel<int>();
            Greenlet.JoinAll(
                Greenlet.Spawn(Putter, "a", q, new[] { 1 }, (double?)0.1),
                Greenlet.Spawn(Putter, "b", q, new[] { 2 }, (double?)0.3),
                Greenlet.Spawn(GetterLater, 0.2, "c", q, 2, (double?)0.2));
        }
        ,
        "channel get timeouts" => () =>
        {
            GreenQueue<int> q = new GreenChannel<int>();
            var gs = new[] { Greenlet.Spawn(Getter, "a", q, 1, (double?)0.1), Greenlet.Spawn(Getter, "b", q, 1, s_noTimeout), Greenlet.Spawn(Getter, "c", q, 1, (double?)0.3) };
            Greenlet.Spawn(PutterLater, 0.2, "p", q, new[] { 1, 2 });
            Greenlet.JoinAll(gs);
        }
        ,
        _ => throw new ArgumentException($"no scenario named {scenario}", nameof(scenario)),
    };
}
