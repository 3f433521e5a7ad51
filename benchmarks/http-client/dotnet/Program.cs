// The .NET clients of the HTTP client benchmark: GET a URL from N concurrent callers, as fast as the server
// answers, and print the requests per second over the measured window.
//   greenlet:   N greenlets on one hub share one GreenHttpClient (MaxConnectionsPerOrigin = N).
//   httpclient: N tasks on the thread pool share one System.Net.Http.HttpClient (MaxConnectionsPerServer = N).
// Usage: HttpClientBench greenlet|httpclient <url> <seconds> <concurrency> [requests]
// The warm-up is 2 s and then as long as the JIT still compiles methods (JitWarmUp). With a request count, the callers make exactly that many requests, no warm-up and no time window, and the
// program exits: instructions.sh counts a run's CPU instructions at two counts and divides the difference.
using System.Diagnostics;
using System.Globalization;
using Greenlets;

var (mode, url) = (args[0], args[1]);
var seconds = double.Parse(args[2], CultureInfo.InvariantCulture);
var concurrency = int.Parse(args[3], CultureInfo.InvariantCulture);
var requests = args.Length > 4 ? long.Parse(args[4], CultureInfo.InvariantCulture) : 0;
const double WarmUpSeconds = 2;
var (count, elapsed) = mode == "greenlet"
    ? GreenletClients.Run(url, WarmUpSeconds, seconds, concurrency, requests)
    : await ThreadPoolClients.RunAsync(url, WarmUpSeconds, seconds, concurrency, requests);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{mode} {count / elapsed:F0} req/s ({count} requests in {elapsed:F2} s, {concurrency} concurrent)"));

internal static partial class GreenletClients
{
    private static GreenHttpClient s_client = null!;
    private static long s_count;
    private static bool s_stop;
    private static long s_limit, s_issued;

    [Greenlet]
    private static void Worker(string url)
    {
        while (!s_stop)
        {
            if (s_limit > 0 && s_issued++ >= s_limit)
            {
                return;
            }

            var response = s_client.Get(url);
            if (response.StatusCode != 200)
            {
                throw new InvalidOperationException($"status {response.StatusCode}");
            }

            s_count++;
        }
    }

    public static (long Count, double Seconds) Run(string url, double warmUp, double seconds, int concurrency, long requests)
    {
        s_client = new GreenHttpClient { MaxConnectionsPerOrigin = concurrency };
        s_limit = requests;
        var workers = Enumerable.Range(0, concurrency).Select(_ => Greenlet.Spawn(Worker, url)).ToList();
        if (requests > 0)
        {
            var whole = Stopwatch.StartNew();
            Greenlet.JoinAll(workers, raiseError: true);
            return (s_count, whole.Elapsed.TotalSeconds);
        }

        Greenlet.Sleep(warmUp);
        for (var compiled = -1L; compiled != JitWarmUp.CompiledMethods() && JitWarmUp.MayWaitLonger();)
        {
            compiled = JitWarmUp.CompiledMethods();
            Greenlet.Sleep(JitWarmUp.QuietSeconds);
        }

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
    public static async Task<(long Count, double Seconds)> RunAsync(string url, double warmUp, double seconds, int concurrency, long requests)
    {
        using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency, UseCookies = false });
        long count = 0, issued = 0;
        var stop = false;
        var whole = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            while (!Volatile.Read(ref stop))
            {
                if (requests > 0 && Interlocked.Increment(ref issued) > requests)
                {
                    return;
                }

                using var response = await client.GetAsync(url);
                await response.Content.ReadAsByteArrayAsync();
                if ((int)response.StatusCode != 200)
                {
                    throw new InvalidOperationException($"status {response.StatusCode}");
                }

                Interlocked.Increment(ref count);
            }
        })).ToList();
        if (requests > 0)
        {
            await Task.WhenAll(workers);
            return (count, whole.Elapsed.TotalSeconds);
        }

        await Task.Delay(TimeSpan.FromSeconds(warmUp));
        for (var compiled = -1L; compiled != JitWarmUp.CompiledMethods() && JitWarmUp.MayWaitLonger();)
        {
            compiled = JitWarmUp.CompiledMethods();
            await Task.Delay(TimeSpan.FromSeconds(JitWarmUp.QuietSeconds));
        }

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

/// <summary>
/// The warm-up lasts until the JIT has compiled nothing for a while, not a fixed time: Greenlet.Runtime is JIT-compiled
/// (quick JIT, then instrumented, then tier 1) while System.Net.Http starts from ReadyToRun code, and on a loaded
/// machine the background tier-up can take longer than any fixed warm-up, so one client would be measured on its
/// unoptimized code. Both clients follow the same rule.
/// </summary>
internal static class JitWarmUp
{
    public const double QuietSeconds = 0.5;
    private const double LongestSeconds = 30;
    private static readonly Stopwatch s_clock = Stopwatch.StartNew();

    public static long CompiledMethods() => System.Runtime.JitInfo.GetCompiledMethodCount(currentThread: false);

    public static bool MayWaitLonger() => s_clock.Elapsed.TotalSeconds < LongestSeconds;
}
