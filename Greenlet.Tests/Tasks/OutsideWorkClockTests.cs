using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Greenlets.Tests.Tasks;

/// <summary>
/// On the virtual clock, outside work in flight (a thread-pool job, a Task such as an HttpClient request) holds
/// virtual time still until it is done, up to the clock's <see cref="HubClock.OutsideWorkGrace"/> of real time: work
/// that really takes a few hundred milliseconds finishes before a one-second virtual timeout on every run, and work
/// past the grace is left behind as a late peer is. gevent has no virtual clock; this is the hub's own rule.
/// </summary>
[Category(TestCategories.Unit)]
public sealed partial class OutsideWorkClockTests : HubTestBase
{
    private const int Rounds = 10;
    private const int PerRound = 10;

    private static int SleepThenReturn(int milliseconds, int value)
    {
        Thread.Sleep(milliseconds); // real work on a worker thread, not on the hub
        return value;
    }

    [Greenlet]
    private int ApplyUnderTimeout(GreenThreadPool pool, int milliseconds, int value)
    {
        try
        {
            using (GreenTimeout.StartNew(1))
            {
                var result = pool.Apply(() => SleepThenReturn(milliseconds, value));
                Log.Add($"{value} at {Now}");
                return result;
            }
        }
        catch (GreenTimeout)
        {
            Log.Add($"{value} timed out at {Now}");
            return -1;
        }
    }

    [Greenlet]
    private void SleepAndLog(double seconds)
    {
        Greenlet.Sleep(seconds);
        Log.Add($"slept {seconds} at {Now}");
    }

    [Test]
    public void ThreadPoolJobsOfTwoHundredMillisecondsBeatAOneSecondVirtualTimeoutEveryTime()
    {
        using var pool = new GreenThreadPool(PerRound);
        for (var round = 0; round < Rounds; round++)
        {
            Log.Clear();
            var start = Now;
            var sleeper = Greenlet.Spawn(SleepAndLog, 0.5);
            var jobs = Enumerable.Range(round * PerRound, PerRound).Select(i => Greenlet.Spawn(ApplyUnderTimeout, pool, 200, i)).ToList();
            Greenlet.JoinAll(jobs.Append<Greenlet>(sleeper));

            Assert.That(jobs.Select(j => j.Value), Is.EqualTo(Enumerable.Range(round * PerRound, PerRound)), $"round {round}");
            Assert.That(Log[^1], Is.EqualTo($"slept 0.5 at {start + 0.5}"), "the jobs took no virtual time: all were in before the sleeper woke");
            Assert.That(Log.Take(PerRound), Has.All.EndsWith($" at {start}"));
        }

        Assert.That((Hub.ExternalWorkCount, Hub.OutsideWorkCount), Is.EqualTo((0, 0)));
    }

    [Greenlet]
    private string FetchUnderTimeout(string url)
    {
        using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false }); // cold: a new client and connection
        try
        {
            using (GreenTimeout.StartNew(1))
            {
                return Greenlet.WaitTask(client.GetStringAsync(url));
            }
        }
        catch (GreenTimeout)
        {
            return "timed out";
        }
    }

    [Test]
    public void AColdHttpClientThatAnswersInThreeHundredMillisecondsBeatsAOneSecondVirtualTimeoutEveryTime()
    {
        using var server = SlowHttpServer.Start(TimeSpan.FromMilliseconds(300));
        for (var run = 0; run < Rounds; run++)
        {
            var fetch = Greenlet.Spawn(FetchUnderTimeout, server.Url);

            Assert.That(fetch.Get(), Is.EqualTo("ok"), $"run {run}");
        }

        Assert.That(Now, Is.Zero, "the requests took no virtual time");
        Assert.That(server.Answered, Is.EqualTo(Rounds));
    }

    [Test]
    public void OutsideWorkPastItsGraceIsLeftBehindAndTheTimeoutFires()
    {
        using var hub = global::Greenlets.Hub.Install(HubClock.Virtual(outsideWorkGrace: TimeSpan.FromMilliseconds(100)));
        using var pool = new GreenThreadPool(1);
        using var gate = new ManualResetEventSlim();
        var late = Greenlet.Spawn(ApplyUnderTimeoutGated, pool, gate);

        Assert.That(late.Get(), Is.EqualTo("timed out at 1"), "after the grace the clock jumped to the timeout, as for a late peer");
        Assert.That((global::Greenlets.Hub.Current.ExternalWorkCount, global::Greenlets.Hub.Current.OutsideWorkCount), Is.EqualTo((0, 0)), "the late result is no longer awaited");
        gate.Set();
    }

    [Greenlet]
    private static string ApplyUnderTimeoutGated(GreenThreadPool pool, ManualResetEventSlim gate)
    {
        try
        {
            using (GreenTimeout.StartNew(1))
            {
                return $"got {pool.Apply(() => gate.Wait(TimeSpan.FromSeconds(30)))}";
            }
        }
        catch (GreenTimeout)
        {
            return $"timed out at {(global::Greenlets.Hub.Current.Now.TotalSeconds)}";
        }
    }

    [Greenlet]
    private static int ReturnAfter(double seconds, int value)
    {
        Greenlet.Sleep(seconds);
        return value;
    }

    [Greenlet]
    private static int WaitOn(Task<int> task) => Greenlet.WaitTask(task);

    [Test]
    public void OnlyWorkOnOtherThreadsHoldsTheClock()
    {
        using var gate = new ManualResetEventSlim();
        var producer = Greenlet.Spawn(ReturnAfter, 3.0, 21);
        var onTheHub = Greenlet.Spawn(WaitOn, producer.AsTask());
        var onAWorker = Greenlet.Spawn(WaitOn, Task.Run(() => gate.Wait(TimeSpan.FromSeconds(30)) ? 1 : 0));
        Greenlet.Sleep(0);

        Assert.That((Hub.ExternalWorkCount, Hub.OutsideWorkCount), Is.EqualTo((2, 1)),
            "both waits wait for a task, but only the one run elsewhere is outside work: the hub completes the other itself");
        gate.Set();
        Assert.That((onTheHub.Get(), onAWorker.Get(), Now), Is.EqualTo((21, 1, 3.0)));
        Assert.That((Hub.ExternalWorkCount, Hub.OutsideWorkCount), Is.EqualTo((0, 0)));
    }

    /// <summary>An HTTP peer on its own thread that answers every request with "ok" after a real delay.</summary>
    private sealed class SlowHttpServer : IDisposable
    {
        private readonly TcpListener _listener;
        private readonly Thread _thread;
        private readonly TimeSpan _delay;
        private int _answered;

        private SlowHttpServer(TcpListener listener, TimeSpan delay)
        {
            _listener = listener;
            _delay = delay;
            _thread = new Thread(Serve) { IsBackground = true, Name = "slow HTTP peer" };
            _thread.Start();
        }

        public string Url => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/";

        public int Answered => Volatile.Read(ref _answered);

        public static SlowHttpServer Start(TimeSpan delay)
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return new SlowHttpServer(listener, delay);
        }

        private void Serve()
        {
            while (AcceptOrNull() is { } client)
            {
                using (client)
                {
                    try
                    {
                        Answer(client.GetStream());
                    }
                    catch (IOException)
                    {
                        // the client gave up (its wait timed out): nothing to answer
                    }
                }
            }
        }

        private TcpClient? AcceptOrNull()
        {
            try
            {
                return _listener.AcceptTcpClient();
            }
            catch (Exception exception) when (exception is SocketException or ObjectDisposedException or InvalidOperationException)
            {
                return null; // stopped
            }
        }

        private void Answer(NetworkStream stream)
        {
            var request = new StringBuilder();
            var buffer = new byte[4096];
            while (!request.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
            {
                var read = stream.Read(buffer);
                if (read == 0)
                {
                    return;
                }

                request.Append(Encoding.ASCII.GetString(buffer, 0, read));
            }

            Thread.Sleep(_delay);
            Interlocked.Increment(ref _answered); // before the write: the client may read the answer before a later count
            stream.Write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok"u8);
        }

        public void Dispose()
        {
            _listener.Stop();
            _thread.Join(TimeSpan.FromSeconds(10));
        }
    }
}
