using System.Threading.Channels;
using BenchmarkDotNet.Attributes;

namespace Greenlets.Benchmarks;

/// <summary>
/// Items between two hubs on two threads through a <see cref="HubQueue{T}"/> (a parked getter or putter woken by one
/// doorbell post for a whole batch), against a bounded <see cref="Channel"/> between two plain threads; per item.
/// Each invocation starts its two threads (HubGroup.Run, or two Threads for the channel), which the item count
/// amortizes. Needs two idle cores: a busy machine measures the scheduler, not the queue.
/// </summary>
[MinColumn]
[MedianColumn]
public class CrossHubBenchmarks
{
    private const int Items = 200_000;

    /// <summary>The queue's capacity: how many items one wake can batch at most.</summary>
    [Params(16, 1024)]
    public int Capacity { get; set; }

    /// <summary>One greenlet on hub 1 puts, one on hub 0 gets; per item.</summary>
    [Benchmark(OperationsPerInvoke = Items)]
    public long HubQueueTwoHubs()
    {
        var state = new CrossHubWork.State(new HubQueue<long>(Capacity), Items);
        HubGroup.Run(2, CrossHubWork.PutOrGet, state, static _ => HubClock.Monotonic());
        return state.Sum;
    }

    /// <summary>Baseline: a bounded System.Threading.Channels channel, one writer thread, one reader thread; per item.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Items)]
    public long ChannelTwoThreads()
    {
        var channel = Channel.CreateBounded<long>(new BoundedChannelOptions(Capacity) { SingleReader = true, SingleWriter = true });
        long sum = 0;
        var reader = new Thread(() =>
        {
            for (var taken = 0; taken < Items; taken++)
            {
                long item;
                while (!channel.Reader.TryRead(out item))
                {
                    channel.Reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult();
                }

                sum += item;
            }
        });
        var writer = new Thread(() =>
        {
            for (long i = 0; i < Items; i++)
            {
                while (!channel.Writer.TryWrite(i))
                {
                    channel.Writer.WaitToWriteAsync().AsTask().GetAwaiter().GetResult();
                }
            }
        });
        reader.Start();
        writer.Start();
        writer.Join();
        reader.Join();
        return sum;
    }
}

/// <summary>The greenlet bodies of <see cref="CrossHubBenchmarks"/>; public so the interceptors name their twins.</summary>
public static partial class CrossHubWork
{
    [Greenlet]
    public static void PutOrGet(int hub, State state)
    {
        if (hub == 1)
        {
            for (long i = 0; i < state.Items; i++)
            {
                state.Queue.Put(i);
            }

            return;
        }

        long sum = 0;
        for (var taken = 0; taken < state.Items; taken++)
        {
            sum += state.Queue.Get();
        }

        state.Sum = sum;
    }

    /// <summary>What both hubs share.</summary>
    public sealed class State(HubQueue<long> queue, int items)
    {
        public HubQueue<long> Queue { get; } = queue;

        public int Items { get; } = items;

        public long Sum { get; set; }
    }
}
