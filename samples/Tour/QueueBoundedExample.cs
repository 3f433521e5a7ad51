using Greenlets;

namespace Tour;

/// <summary>Queues: a boss waits to hand out work while the bounded queue is full; idle workers give up after a second.</summary>
public static partial class QueueBoundedExample
{
    [Greenlet]
    private static void Worker(string n, GreenQueue<int> tasks)
    {
        try
        {
            while (true)
            {
                var task = tasks.Get(timeout: 1); // decrements queue size by 1
                Console.WriteLine($"Worker {n} got task {task}");
                Greenlet.Sleep(0);
            }
        }
        catch (QueueEmptyException)
        {
            Console.WriteLine("Quitting time!");
        }
    }

    /// <summary>
    /// Boss will wait to hand out work until an individual worker is free since the max size of the task queue is 3.
    /// </summary>
    [Greenlet]
    private static void Boss(GreenQueue<int> tasks)
    {
        for (var i = 1; i < 10; i++)
        {
            tasks.Put(i);
        }

        Console.WriteLine("Assigned all work in iteration 1");

        for (var i = 10; i < 20; i++)
        {
            tasks.Put(i);
        }

        Console.WriteLine("Assigned all work in iteration 2");
    }

    public static void Run()
    {
        var tasks = new GreenQueue<int>(maxSize: 3);

        Greenlet.JoinAll(
            Greenlet.Spawn(Boss, tasks),
            Greenlet.Spawn(Worker, "steve", tasks),
            Greenlet.Spawn(Worker, "john", tasks),
            Greenlet.Spawn(Worker, "bob", tasks));
    }
}
