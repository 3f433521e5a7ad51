using Greenlets;

namespace Tour;

/// <summary>Queues: a boss fills a queue without blocking, then three workers empty it in turn.</summary>
public static partial class QueueExample
{
    [Greenlet]
    private static void Worker(string n, GreenQueue<int> tasks)
    {
        while (!tasks.IsEmpty)
        {
            var task = tasks.Get();
            Console.WriteLine($"Worker {n} got task {task}");
            Greenlet.Sleep(0);
        }

        Console.WriteLine("Quitting time!");
    }

    private static void Boss(GreenQueue<int> tasks)
    {
        for (var i = 1; i < 25; i++)
        {
            tasks.PutNowait(i);
        }
    }

    public static void Run()
    {
        var tasks = new GreenQueue<int>();

        Greenlet.Spawn(Boss, tasks).Join();

        Greenlet.JoinAll(
            Greenlet.Spawn(Worker, "steve", tasks),
            Greenlet.Spawn(Worker, "john", tasks),
            Greenlet.Spawn(Worker, "nancy", tasks));
    }
}
