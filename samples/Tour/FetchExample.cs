using System.Text.Json;
using Greenlets;

namespace Tour;

/// <summary>
/// Synchronous &amp; Asynchronous Execution, fetching: nine requests made with .NET's HttpClient, one after another and
/// then all at once. Each greenlet waits on HttpClient's Task with <see cref="Greenlet.WaitTask{T}(Task{T}, double?)"/>.
/// There is no internet here, so, as in the reference run, the program serves its own JSON time endpoint.
/// </summary>
public static partial class FetchExample
{
    [Greenlet]
    private static string Fetch(HttpClient client, string url, int pid)
    {
        var result = Greenlet.WaitTask(client.GetStringAsync($"{url}?pid={pid}"));
        using var json = JsonDocument.Parse(result);
        var datetime = json.RootElement.GetProperty("datetime").GetString()!;

        Console.WriteLine($"Process  {pid} {datetime}");
        return datetime;
    }

    private static void Synchronous(HttpClient client, string url)
    {
        for (var i = 1; i < 10; i++)
        {
            Fetch(client, url, i);
        }
    }

    private static void Asynchronous(HttpClient client, string url)
    {
        var threads = Enumerable.Range(1, 9).Select(i => Greenlet.Spawn(Fetch, client, url, i)).ToList();
        Greenlet.JoinAll(threads);
    }

    public static void Run()
    {
        using var server = TimeJsonServer.Start();
        using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false });

        Console.WriteLine("Synchronous:");
        Synchronous(client, server.Url);

        Console.WriteLine("Asynchronous:");
        Asynchronous(client, server.Url);
    }
}
