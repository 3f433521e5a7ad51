using Greenlets;
using LowLevelSample;

// A green primitive and a green fd source, both written on Greenlets.LowLevel alone (docs/lowlevel.md).
var done = new GreenCountdownEvent(3);
for (var i = 1; i <= 3; i++)
{
    Greenlet.Spawn(Workers.Work, i, done);
}

Console.WriteLine($"waiting for {done.CurrentCount} workers");
done.Wait();
Console.WriteLine($"all workers done at {Hub.Current.Now.TotalSeconds:0.#} s");

using var events = new GreenEventFd();
var poster = new Thread(() =>
{
    for (var n = 1; n <= 3; n++)
    {
        events.Add((ulong)n); // from a plain thread: the eventfd wakes the hub's reactor
        Thread.Sleep(10);
    }
});
poster.Start();
var total = 0UL;
while (total < 6)
{
    total += events.Read();
}

poster.Join();
Console.WriteLine($"read {total} from the eventfd");

internal static partial class Workers
{
    [Greenlet]
    public static void Work(int id, GreenCountdownEvent done)
    {
        Greenlet.Sleep(id * 0.5);
        Console.WriteLine($"worker {id} signals");
        done.Signal();
    }
}
