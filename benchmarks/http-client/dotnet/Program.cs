// The .NET clients of the HTTP client benchmark: GET a URL from N concurrent callers, as fast as the server
// answers, and print the requests per second over the measured window.
//   greenlet:   N greenlets on one hub share one GreenHttpClient (MaxConnectionsPerOrigin = N).
//   httpclient: N tasks on the thread pool share one System.Net.Http.HttpClient (MaxConnectionsPerServer = N).
// Usage: HttpClientBench greenlet|httpclient <url> <seconds> <concurrency>
using System.Diagnostics;
using System.Globalization;
using Greenlets;

var (mode, url) = (args[0], args[1]);
var seconds = double.Parse(args[2], CultureInfo.InvariantCulture);
var concurrency = int.Parse(args[3], CultureInfo.InvariantCulture);
const double WarmUpSeconds = 2;
var (count, elapsed) = mode == "greenlet"
    ? GreenletClients.Run(url, WarmUpSeconds, seconds, concurrency)
    : await ThreadPoolClients.RunAsync(url, WarmUpSeconds, seconds, concurrency);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{mode} {count / elapsed:F0} req/s ({count} requests in {elapsed:F2} s, {concurrency} concurrent)"));

internal static partial class GreenletClients
{
    private static GreenHttpClient s_client = null!;
    private static long s_count;
    private static bool s_stop;

    [Greenlet]
    private static void Worker(string url)
    {
        while (!s_stop)
        {
            var response = s_client.Get(url);
            if (response.StatusCode != 200)
            {
                throw new InvalidOperationException($"status {response.StatusCode}");
            }

            s_count++;
        }
    }

    public static (long Count, double Seconds) Run(string url, double warmUp, double seconds, int concurrency)
    {
        s_client = new GreenHttpClient { MaxConnectionsPerOrigin = concurrency };
        var workers = Enumerable.Range(0, concurrency).Select(_ => Greenlet.Spawn(Worker, url)).ToList();
        Greenlet.Sleep(warmUp);
        var start = s_count;
        var clock = Stopwatch.StartNew();
        Greenlet.Sleep(seconds);
        var count = s_count - start;
        var elapsed = clock.Elapsed.TotalSeconds;
        s_stop = true;
        Greenlet.JoinAll(workers, raiseError: true);
        return (count, elapsed);
    }
}

internal static class ThreadPoolClients
{
    public static async Task<(long Count, double Seconds)> RunAsync(string url, double warmUp, double seconds, int concurrency)
    {
        using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency, UseCookies = false });
        long count = 0;
        var stop = false;
        var workers = Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            while (!Volatile.Read(ref stop))
            {
                using var response = await client.GetAsync(url);
                await response.Content.ReadAsByteArrayAsync();
                if ((int)response.StatusCode != 200)
                {
                    throw new InvalidOperationException($"status {response.StatusCode}");
                }

                Interlocked.Increment(ref count);
            }
        })).ToList();
        await Task.Delay(TimeSpan.FromSeconds(warmUp));
        var start = Interlocked.Read(ref count);
        var clock = Stopwatch.StartNew();
        await Task.Delay(TimeSpan.FromSeconds(seconds));
        var measured = Interlocked.Read(ref count) - start;
        var elapsed = clock.Elapsed.TotalSeconds;
        Volatile.Write(ref stop, true);
        await Task.WhenAll(workers);
        return (measured, elapsed);
    }
}
