using Greenlets;

Greenlet.JoinAll(Greenlet.Spawn(Hello.Say, "hello"), Greenlet.Spawn(Hello.Say, "world"));

internal static partial class Hello
{
    [Greenlet]
    public static void Say(string word)
    {
        Greenlet.Sleep(0);
        Console.WriteLine(word);
    }
}
