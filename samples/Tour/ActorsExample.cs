using Greenlets;

namespace Tour;

/// <summary>
/// Actors: a Greenlet subclass with an inbox, and two actors that ping-pong messages. The tutorial's actors
/// play forever; as in the reference program, the actor that receives the 10th message stops itself and kills the other.
/// </summary>
public static class ActorsExample
{
    // Reference-run bound (not in the tutorial): after MaxMessages received messages the receiving actor
    // stops itself and kills the other one, so JoinAll returns.
    private const int MaxMessages = 10;
    private static int received;

    internal static Pinger ping = null!;
    internal static Ponger pong = null!;

    internal static bool KeepGoing(Actor me, Actor other)
    {
        received++;
        if (received < MaxMessages)
        {
            return true;
        }

        me.Running = false;
        other.Kill(block: false);
        return false;
    }

    public static void Run()
    {
        received = 0;
        ping = new Pinger();
        pong = new Ponger();

        ping.Start();
        pong.Start();

        ping.Inbox.Put("start");
        Greenlet.JoinAll(ping, pong);
        Console.WriteLine($"Stopped after {received} messages");
    }
}

/// <summary>The tutorial's Actor: a greenlet that takes messages from its inbox, one at a time, while running.</summary>
public abstract partial class Actor : Greenlet
{
    public GreenQueue<string> Inbox { get; } = new();

    public bool Running { get; set; }

    /// <summary>Define in your subclass.</summary>
    [Greenlet]
    protected abstract void Receive(string message);

    [Greenlet]
    protected override void Run()
    {
        Running = true;

        while (Running)
        {
            var message = Inbox.Get();
            Receive(message);
        }
    }
}

public sealed partial class Pinger : Actor
{
    [Greenlet]
    protected override void Receive(string message)
    {
        Console.WriteLine(message);
        if (ActorsExample.KeepGoing(this, ActorsExample.pong))
        {
            ActorsExample.pong.Inbox.Put("ping");
            Greenlet.Sleep(0);
        }
    }
}

public sealed partial class Ponger : Actor
{
    [Greenlet]
    protected override void Receive(string message)
    {
        Console.WriteLine(message);
        if (ActorsExample.KeepGoing(this, ActorsExample.ping))
        {
            ActorsExample.ping.Inbox.Put("pong");
            Greenlet.Sleep(0);
        }
    }
}
