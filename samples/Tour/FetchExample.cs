using System.Text.Json;
using Greenlets;

namespace Tour;

/// <summary>
/// Synchronous &amp; Asynchronous Execution, fetching: nine requests, one after another and then all at once, made
/// with <see cref="GreenHttpClient"/>, the green client (what urllib2 is under gevent's monkey patching): each greenlet
/// suspends on its own socket, on the hub, with no thread pool in between. There is no internet here, so, as in the
/// reference run, the program serves its own JSON time endpoint.
/// </summary>
public static partial class FetchExample
{
    [Greenlet]
    private static string Fetch(GreenHttpClient client, string url, int pid)
    {
        var result = client.Get($"{url}?pid={pid}").ReadAsString();
        using var json = JsonDocument.Parse(result);
        var datetime = json.RootElement.GetProperty("datetime").GetString()!;

        Console.WriteLine($"Process  {pid} {datetime}");
        return datetime;
    }

    private static void Synchronous(GreenHttpClient client, string url)
    {
        for (var i = 1; i < 10; i++)
        {
            Fetch(client, url, i);
        }
    }

    private static void Asynchronous(GreenHttpClient client, string url)
    {
        var threads = Enumerable.Range(1, 9).Select(i => Greenlet.Spawn(Fetch, client, url, i)).ToList();
        Greenlet.JoinAll(threads);
    }

    public static void Run()
    {
        using var server = TimeJsonServer.Start();
        using var client = new GreenHttpClient();

        Console.WriteLine("Synchronous:");
        Synchronous(client, server.Url);

        Console.WriteLine("Asynchronous:");
        Asynchronous(client, server.Url);
    }
}
