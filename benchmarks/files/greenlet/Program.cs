using System.Diagnostics;
using Greenlets;

// Usage: files-bench <file> [chunk bytes]. Reads the file four ways, each while a ticker asks for a wake-up every
// millisecond and records the longest gap between two wake-ups (the worst stall the read caused it). Prints one
// RESULT line per reader: throughput in MB/s and the worst gap in ms. GreenFileStream runs twice: with the chunk
// (1 MiB by default: cached reads copied on the hub, no hand-off) and with 4 chunks a read (more than its 1 MiB hub
// limit, so every read is one pool job: the hand-off's cost, paid once per 4 MiB).
var path = args[0];
var chunk = args.Length > 1 ? int.Parse(args[1]) : 1 << 20;
var size = new FileInfo(path).Length;

// Each reader runs twice and reports its second run, so JIT compilation and first-use costs are not in the figures.
GreenRead(chunk);
Report("greenfilestream-hub", GreenRead(chunk));
GreenRead(4 * chunk);
Report("greenfilestream-pool-4x", GreenRead(4 * chunk));
ThreadRead();
Report("filestream-thread", ThreadRead());
AsyncRead().GetAwaiter().GetResult();
Report("filestream-async", AsyncRead().GetAwaiter().GetResult());

void Report(string reader, (long Bytes, double Seconds, double WorstGapMs) run)
{
    if (run.Bytes != size)
    {
        throw new InvalidOperationException($"{reader} read {run.Bytes} of {size} bytes");
    }

    Console.WriteLine($"RESULT peer={reader} workload=read-{size >> 20}MB unit=MB/s value={run.Bytes / 1e6 / run.Seconds:F0} worst-gap-ms={run.WorstGapMs:F2}");
}

// GreenFileStream on the hub: each Read runs on the pool while the hub runs the ticker greenlet.
(long, double, double) GreenRead(int readSize)
{
    using var hub = Hub.Install(HubClock.Monotonic());
    var ticker = new Ticker();
    var ticking = Greenlet.Spawn(ticker.RunGreen);
    var (bytes, seconds) = Reads.Green(path, readSize);
    ticking.Kill();
    ticker.Finish();
    return (bytes, seconds, ticker.WorstGapMs);
}

// A plain FileStream read on a thread of its own, the baseline; the ticker is a thread pool timer loop.
(long, double, double) ThreadRead()
{
    var ticker = new Ticker();
    using var stop = new CancellationTokenSource();
    var ticking = ticker.RunTasks(stop.Token);
    (long Bytes, double Seconds) result = default;
    var reader = new Thread(() => result = Reads.Plain(path, chunk));
    reader.Start();
    reader.Join();
    stop.Cancel();
    ticking.Wait();
    ticker.Finish();
    return (result.Bytes, result.Seconds, ticker.WorstGapMs);
}

// FileStream's own asynchronous reads (useAsync), awaited; the same thread pool ticker.
async Task<(long, double, double)> AsyncRead()
{
    var ticker = new Ticker();
    using var stop = new CancellationTokenSource();
    var ticking = ticker.RunTasks(stop.Token);
    var clock = Stopwatch.StartNew();
    long total = 0;
    var buffer = new byte[chunk];
    await using (var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, useAsync: true))
    {
        int read;
        while ((read = await file.ReadAsync(buffer)) > 0)
        {
            total += read;
        }
    }

    var seconds = clock.Elapsed.TotalSeconds;
    stop.Cancel();
    await ticking;
    ticker.Finish();
    return (total, seconds, ticker.WorstGapMs);
}

/// <summary>Asks for a wake-up every millisecond and keeps the longest time between two.</summary>
internal sealed partial class Ticker
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private double _last;

    public double WorstGapMs { get; private set; }

    [Greenlet]
    public void RunGreen()
    {
        _last = _clock.Elapsed.TotalMilliseconds;
        while (true)
        {
            Greenlet.Sleep(0.001);
            Mark();
        }
    }

    public async Task RunTasks(CancellationToken stop)
    {
        _last = _clock.Elapsed.TotalMilliseconds;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(1, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            Mark();
        }
    }

    /// <summary>Counts the time since the last tick as a gap too: a ticker starved for the whole read never ticked at all.</summary>
    public void Finish() => Mark();

    private void Mark()
    {
        var now = _clock.Elapsed.TotalMilliseconds;
        WorstGapMs = Math.Max(WorstGapMs, now - _last);
        _last = now;
    }
}

internal static partial class Reads
{
    [Greenlet]
    public static (long Bytes, double Seconds) Green(string path, int chunk)
    {
        var clock = Stopwatch.StartNew();
        long total = 0;
        var buffer = new byte[chunk];
        using (var file = GreenFileStream.Open(path))
        {
            int read;
            while ((read = file.Read(buffer, 0, buffer.Length)) > 0)
            {
                total += read;
            }
        }

        return (total, clock.Elapsed.TotalSeconds);
    }

    public static (long Bytes, double Seconds) Plain(string path, int chunk)
    {
        var clock = Stopwatch.StartNew();
        long total = 0;
        var buffer = new byte[chunk];
        using (var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1))
        {
            int read;
            while ((read = file.Read(buffer, 0, buffer.Length)) > 0)
            {
                total += read;
            }
        }

        return (total, clock.Elapsed.TotalSeconds);
    }
}
