using Greenlets;

namespace Tour;

/// <summary>Greenlet State: a winner and a loser, and what their properties say once both are done.</summary>
public static class GreenletStateExample
{
    private static string Win() => "You win!";

    private static string Fail() => throw new Exception("You fail at failing.");

    public static void Run()
    {
        var winner = Greenlet.Spawn(Win);
        var loser = Greenlet.Spawn(Fail);

        Console.WriteLine(winner.IsStarted); // True
        Console.WriteLine(loser.IsStarted);  // True

        // Exceptions raised in the Greenlet, stay inside the Greenlet.
        try
        {
            Greenlet.JoinAll(winner, loser);
        }
        catch (Exception)
        {
            Console.WriteLine("This will never be reached");
        }

        Console.WriteLine(winner.Value);          // You win!
        Console.WriteLine(loser.Value ?? "None"); // None, as Python prints it

        Console.WriteLine(winner.IsReady); // True
        Console.WriteLine(loser.IsReady);  // True

        Console.WriteLine(winner.IsSuccessful); // True
        Console.WriteLine(loser.IsSuccessful);  // False

        // The exception raised in Fail does not propagate outside the greenlet.
        // Its stack trace goes to the hub's ErrorWriter (stderr), and the parent's stack is not unwound.
        Console.WriteLine(loser.Exception?.Message);

        // It is possible though to raise the exception again outside with loser.Get().
    }
}
