// .NET async/await peer for the Greenlet core benchmarks.
//
// Every workload runs inside SingleThreadContext: a SynchronizationContext
// that runs all posted continuations on the one main thread, the .NET
// counterpart of a gevent hub or of Go with GOMAXPROCS=1. Awaits capture it,
// so `await Task.Yield()`, TaskCompletionSource continuations and channel
// continuations are all queued to that thread.
//
// Usage: dotnet DotnetAsync.Peer.dll [--quick]
// Output: RESULT peer=dotnet-async workload=<name> value=<number> unit=<ns/op|bytes/task>
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;

namespace DotnetAsync.Peer;

internal static class Program
{
    private static int Main(string[] args)
    {
        bool quick = args.Contains("--quick");
        SingleThreadContext.Run(() => RunAllAsync(quick));
        return 0;
    }

    private static async Task RunAllAsync(bool quick)
    {
        (int nSwitch, int nSpawn, int mWaiters, int nHandoff, int nQueue) = quick
            ? (20_000, 10_000, 10_000, 10_000, 10_000)
            : (2_000_000, 1_000_000, 1_000_000, 1_000_000, 1_000_000);

        Report("switch", await MedianAsync(SwitchAsync, nSwitch), "ns/op");
        Report("spawn-join", await MedianAsync(SpawnJoinAsync, nSpawn), "ns/op");
        Report("memory-per-waiter", await MemoryPerWaiterAsync(mWaiters), "bytes/task");
        Report("event-handoff", await MedianAsync(EventHandoffAsync, nHandoff), "ns/op");
        Report("queue", await MedianAsync(QueueAsync, nQueue), "ns/op");
    }

    private static void Report(string workload, double value, string unit) =>
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"RESULT peer=dotnet-async workload={workload} value={value:F1} unit={unit}"));

    private static double NsPer(long startTimestamp, long ops) =>
        (Stopwatch.GetTimestamp() - startTimestamp) * 1e9 / Stopwatch.Frequency / ops;

    /// <summary>
    /// Warm-up at n/10 for at least half a second, then a pause, so the tiered JIT has promoted the hot methods;
    /// then the median of three runs. The same as Greenlet's side-by-side harness.
    /// </summary>
    private static async Task<double> MedianAsync(Func<int, Task<double>> run, int n)
    {
        var warmUpStart = Stopwatch.GetTimestamp();
        do
        {
            await run(Math.Max(1, n / 10));
        }
        while (Stopwatch.GetElapsedTime(warmUpStart) < TimeSpan.FromMilliseconds(500));

        Thread.Sleep(200);
        double[] runs = [await run(n), await run(n), await run(n)];
        Array.Sort(runs);
        return runs[1];
    }

    /// <summary>Two tasks each yield n times with Task.Yield; ns per yield.</summary>
    private static async Task<double> SwitchAsync(int n)
    {
        long start = Stopwatch.GetTimestamp();
        await Task.WhenAll(Worker(), Worker());
        return NsPer(start, 2L * n);

        async Task Worker()
        {
            for (int i = 0; i < n; i++)
            {
                await Task.Yield();
            }
        }
    }

    /// <summary>Start a task returning a value on the current (single-threaded)
    /// scheduler and await it, n times in a row.</summary>
    private static async Task<double> SpawnJoinAsync(int n)
    {
        TaskScheduler scheduler = TaskScheduler.FromCurrentSynchronizationContext();
        long sum = 0;
        long start = Stopwatch.GetTimestamp();
        for (int i = 0; i < n; i++)
        {
            sum += await Task.Factory.StartNew(
                static () => 42, CancellationToken.None, TaskCreationOptions.None, scheduler);
        }

        double result = NsPer(start, n);
        Check(sum == 42L * n, "spawn-join");
        return result;
    }

    /// <summary>m tasks await one shared TaskCompletionSource; managed heap growth
    /// (GC.GetTotalMemory(true)) per waiting task.</summary>
    private static async Task<double> MemoryPerWaiterAsync(int m)
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var waiters = new Task[m];
        long before = GC.GetTotalMemory(forceFullCollection: true);
        for (int i = 0; i < m; i++)
        {
            waiters[i] = Waiter(release.Task);
        }

        long after = GC.GetTotalMemory(forceFullCollection: true);
        Check(waiters.All(static t => !t.IsCompleted), "memory-per-waiter");
        release.SetResult();
        await Task.WhenAll(waiters);
        return (after - before) / (double)m;

        static async Task Waiter(Task release) => await release;
    }

    /// <summary>Two tasks pass a counter back and forth through a fresh
    /// TaskCompletionSource per handoff; ns per one-way handoff.</summary>
    private static async Task<double> EventHandoffAsync(int n)
    {
        TaskCompletionSource<int> toPong = NewBox(), toPing = NewBox();
        long start = Stopwatch.GetTimestamp();
        Task pong = Pong();
        int value = 0;
        for (int i = 0; i < n; i++)
        {
            toPong.SetResult(value);
            value = await toPing.Task;
            toPing = NewBox();
        }

        double result = NsPer(start, 2L * n);
        await pong;
        Check(value == n, "event-handoff");
        return result;

        async Task Pong()
        {
            for (int i = 0; i < n; i++)
            {
                int received = await toPong.Task;
                toPong = NewBox();
                toPing.SetResult(received + 1);
            }
        }

        // Asynchronous continuations: the woken task is queued to the
        // scheduler instead of running nested inside SetResult.
        static TaskCompletionSource<int> NewBox() =>
            new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>One producer, one consumer, a bounded channel of 100; ns per item.</summary>
    private static async Task<double> QueueAsync(int n)
    {
        Channel<int> channel = Channel.CreateBounded<int>(new BoundedChannelOptions(100)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
            SingleWriter = true,
        });
        long start = Stopwatch.GetTimestamp();
        Task producer = Produce();
        long sum = 0;
        for (int i = 0; i < n; i++)
        {
            sum += await channel.Reader.ReadAsync();
        }

        double result = NsPer(start, n);
        await producer;
        Check(sum == (long)n * (n - 1) / 2, "queue");
        return result;

        async Task Produce()
        {
            for (int i = 0; i < n; i++)
            {
                await channel.Writer.WriteAsync(i);
            }
        }
    }

    private static void Check(bool condition, string workload)
    {
        if (!condition)
        {
            throw new InvalidOperationException($"{workload}: wrong result");
        }
    }
}

/// <summary>Runs posted callbacks one at a time on the thread that called Run.</summary>
internal sealed class SingleThreadContext : SynchronizationContext
{
    private readonly Queue<(SendOrPostCallback Callback, object? State)> _queue = new();
    private readonly object _gate = new();
    private bool _completed;

    public static void Run(Func<Task> body)
    {
        SynchronizationContext? previous = Current;
        var context = new SingleThreadContext();
        SetSynchronizationContext(context);
        try
        {
            Task task = body();
            task.ContinueWith(
                _ => context.Complete(),
                CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
            context.Pump();
            task.GetAwaiter().GetResult();
        }
        finally
        {
            SetSynchronizationContext(previous);
        }
    }

    public override void Post(SendOrPostCallback d, object? state)
    {
        lock (_gate)
        {
            _queue.Enqueue((d, state));
            Monitor.Pulse(_gate);
        }
    }

    public override void Send(SendOrPostCallback d, object? state) =>
        throw new NotSupportedException("Send is not supported on SingleThreadContext.");

    private void Complete()
    {
        lock (_gate)
        {
            _completed = true;
            Monitor.Pulse(_gate);
        }
    }

    private void Pump()
    {
        while (true)
        {
            (SendOrPostCallback Callback, object? State) item;
            lock (_gate)
            {
                while (_queue.Count == 0)
                {
                    if (_completed)
                    {
                        return;
                    }

                    Monitor.Wait(_gate);
                }

                item = _queue.Dequeue();
            }

            item.Callback(item.State);
        }
    }
}
