using Greenlets;

namespace Tour;

/// <summary>Long polling: each poll waits up to 5 s for the next item a producer puts every second, else answers [].</summary>
public static partial class LongPollingExample
{
    private static GreenQueue<string> s_dataSource = new();
    private static TimeSpan s_start;

    [Greenlet]
    private static void Producer()
    {
        while (true)
        {
            s_dataSource.PutNowait("Hello World");
            Greenlet.Sleep(1);
        }
    }

    [Greenlet]
    private static HttpBody AjaxEndpoint(HttpRequest request, HttpResponse response)
    {
        response.SetHeader("Content-Type", "application/json");
        string datum;
        try
        {
            datum = "\"" + s_dataSource.Get(timeout: 5) + "\"";
        }
        catch (QueueEmptyException)
        {
            datum = "[]";
        }

        return datum;
    }

    [Greenlet]
    private static (string Status, string Body) Poll(int port)
    {
        var received = RawHttpClient.Exchange(port, "GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        var split = received.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        return (received[..received.IndexOf("\r\n", StringComparison.Ordinal)], received[(split + 4)..]);
    }

    [Greenlet]
    private static void Client(int port, Greenlet producer)
    {
        for (var i = 1; i < 4; i++)
        {
            var (status, body) = Poll(port);
            Console.WriteLine($"poll {i} at {Elapsed()} s: {status} {body}");
        }

        producer.Kill();
        Console.WriteLine("producer stopped");
        var (lastStatus, lastBody) = Poll(port);
        Console.WriteLine($"poll 4 at {Elapsed()} s: {lastStatus} {lastBody}");
    }

    private static string Elapsed() => (Hub.Current.Now - s_start).TotalSeconds.ToString("F0", System.Globalization.CultureInfo.InvariantCulture);

    public static void Run()
    {
        s_dataSource = new GreenQueue<string>();
        var producer = Greenlet.Spawn(Producer);
        var server = new HttpServer("127.0.0.1", 0, AjaxEndpoint);
        server.Start();
        s_start = Hub.Current.Now;
        Greenlet.Spawn(Client, server.Port, producer).Join(20);
        server.Stop();
    }
}
