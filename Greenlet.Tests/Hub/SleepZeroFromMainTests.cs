using System.Net;
using System.Text;

namespace Greenlets.Tests.Hub;

/// <summary>
/// <c>Greenlet.Sleep(0)</c> called by the main greenlet, against what real gevent printed for
/// Gevent/sleep_zero_from_main.py: it lets the ready greenlets run and comes back, without firing a timer that is
/// already due or polling for I/O that has arrived. Only a sleep that waits gives the loop a full turn.
/// </summary>
[Category(TestCategories.Unit)]
public sealed partial class SleepZeroFromMainTests : HubTestBase
{
    private static readonly GeventSections s_gevent = new("Greenlet.Tests", "Hub", "Gevent", "sleep_zero_from_main.out");

    [Greenlet]
    private void Say(string name) => Log.Add($"{name} ran");

    [Greenlet]
    private void Reader(GreenSocket socket) => Log.Add($"reader got {Encoding.ASCII.GetString(socket.Recv(10))}");

    /// <summary>The sequence both sections of the gevent program end with: two sleeps of zero, then one that waits.</summary>
    private void SleepZeroTwiceThenWait()
    {
        Greenlet.Sleep(0);
        Log.Add("main after sleep(0)");
        Greenlet.Sleep(0);
        Log.Add("main after sleep(0) again");
        Greenlet.Sleep(0.001);
        Log.Add("main after sleep(0.001)");
    }

    [Test]
    public void SleepZeroRunsTheReadyGreenletsButNotATimerAlreadyDue()
    {
        Greenlet.Spawn(Say, "spawned");
        Greenlet.SpawnLater(0, Say, "timer 0");
        Log.Add("main before sleep(0)");
        SleepZeroTwiceThenWait();

        Assert.That(Log, Is.EqualTo(s_gevent["sleep(0) runs the ready greenlets, not a timer already due"]));
    }

    [Test]
    public void SleepZeroDoesNotPollForAReaderWhoseDataHasArrived()
    {
        using var listener = new GreenSocket();
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        using var client = GreenSocket.CreateConnection(listener.LocalEndPoint, 5);
        var (server, _) = listener.Accept();
        using (server)
        {
            Greenlet.Spawn(Reader, client);
            Greenlet.Sleep(0);
            Log.Add("main: reader parked");
            server.SendAll("x"u8.ToArray());
            SleepZeroTwiceThenWait();
        }

        Assert.That(Log, Is.EqualTo(s_gevent["sleep(0) does not poll for a reader whose data has arrived"]));
    }
}
