// What every Spawn and SpawnLater overload (Greenlet.Spawn.Arity.cs, generated) ends with: starting the new greenlet.
namespace Greenlets;

public partial class Greenlet
{
    private static TGreenlet StartSpawned<TGreenlet>(Hub hub, TGreenlet? greenlet, GreenDuration? seconds)
        where TGreenlet : Greenlet
    {
        if (greenlet is null || greenlet.State != GreenletState.Created)
        {
            throw new ArgumentException("The twin delegate must be the rewritten form of a [Greenlet] method.", "twin");
        }

        // The spawn already found the thread's hub: hand it on rather than reading the thread-static again.
        if (seconds is { } delay)
        {
            greenlet.StartLater(hub, delay.Seconds);
        }
        else
        {
            greenlet.Start(hub);
        }

        return greenlet;
    }

    private static TGreenlet StartPlain<TGreenlet>(TGreenlet greenlet, GreenDuration? seconds)
        where TGreenlet : Greenlet
    {
        if (seconds is { } delay)
        {
            greenlet.StartLater(delay);
        }
        else
        {
            greenlet.Start();
        }

        return greenlet;
    }
}
