using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Greenlets.Tests.Http;

namespace Greenlets.Tests.Simulation;

using Simulation = global::Greenlets.Simulation;

/// <summary>
/// UDP on the simulated network: DatagramServer and GreenSocket datagram calls, unchanged, on simulated hosts found by
/// name; per-link loss, duplication and reordering drawn from the seed at the configured rates and replayed exactly;
/// partitions drop datagrams.
/// </summary>
[TestFixture]
[Category(TestCategories.Unit)]
public sealed partial class SimulatedDatagramTests
{
    private static string[] GeventOutput() =>
        File.ReadAllLines(Path.Combine(HostileCorpus.RepositoryRoot(), "Greenlet.Tests", "Server", "Gevent", "datagram_server.out"));

    [Test]
    public void TheGeventDatagramServerProgramGivesGeventsOutputOnTheKernelAndOnTheSimulatedNetwork()
    {
        var errors = new StringWriter();
        List<string> onKernel;
        using (global::Greenlets.Hub.Install(HubClock.Virtual(ioGrace: TimeSpan.Zero)))
        {
            global::Greenlets.Hub.Current.ErrorWriter = errors;
            onKernel = new global::Greenlets.Tests.Server.GeventDatagramProgram().Run();
        }

        List<string> simulated;
        long deliveries;
        // A seed whose link jitter keeps the datagrams in the order they were sent, as the loopback does (the link's
        // jitter may reorder datagrams sent together, as a real network may): 4 under the simulation's generator.
        using (Simulation.Install(seed: 4, faults: false))
        {
            global::Greenlets.Hub.Current.ErrorWriter = errors;
            var network = new SimulatedNetwork();
            using (network.Install())
            {
                simulated = new global::Greenlets.Tests.Server.GeventDatagramProgram().Run();
            }

            deliveries = network.Deliveries;
        }

        Assert.Multiple(() =>
        {
            Assert.That(onKernel, Is.EqualTo(GeventOutput()), "on the kernel's loopback");
            Assert.That(simulated, Is.EqualTo(GeventOutput()), "on the simulated network");
            Assert.That(deliveries, Is.EqualTo(9), "five datagrams in and four replies out crossed the simulated network");
            Assert.That(errors.ToString().Split("InvalidOperationException: boom").Length - 1, Is.EqualTo(2), "each run reports the failing handler once");
        });
    }

    private sealed partial class NamedHostsProgram
    {
        private DatagramServer? _server;

        [Greenlet]
        private void Answer(byte[] data, IPEndPoint address) =>
            _server!.SendTo(Encoding.ASCII.GetBytes($"{Encoding.ASCII.GetString(data)} from {address}"), address);

        /// <summary>Starts the server on <paramref name="host"/>, a name the network's DNS answers.</summary>
        public DatagramServer Serve(string host)
        {
            _server = new DatagramServer(host, 9000, Answer);
            _server.Start();
            return _server;
        }

        [Greenlet]
        public string Ask(string host, string question)
        {
            using var socket = new GreenSocket(AddressFamily.InterNetwork, SocketType.Dgram) { Timeout = 1 };
            var server = new IPEndPoint(GreenDns.GetHostAddresses(host)[0], 9000);
            socket.SendTo(Encoding.ASCII.GetBytes(question), server);
            var (data, from) = socket.RecvFrom(200);
            return $"{Encoding.ASCII.GetString(data)}; reply from {from}; sent from {socket.LocalEndPoint}";
        }
    }

    [Test]
    public void ServerAndClientOnTwoHostsFindEachOtherByNameAndSeeEachOthersAddresses()
    {
        using var hub = global::Greenlets.Hub.Install(HubClock.Virtual());
        var network = new SimulatedNetwork(seed: 1);
        using var installed = network.Install();
        var echo = network.AddHost("echo");
        var client = network.AddHost("client");
        var program = new NamedHostsProgram();
        using var server = program.Serve("echo");
        var answer = client.Adopt(Greenlet.Spawn(program.Ask, "echo", "hi")).Get();
        Assert.That(server.Address, Is.EqualTo(new IPEndPoint(echo.Address, 9000)));

        Assert.That(answer, Is.EqualTo($"hi from {client.Address}:49152; reply from {echo.Address}:9000; sent from 0.0.0.0:49152"));
        using var unbound = new GreenSocket(AddressFamily.InterNetwork, SocketType.Dgram);
        Assert.That(() => unbound.FileNo, Throws.InstanceOf<NotSupportedException>(), "a simulated socket has no descriptor");
        Assert.That(() => unbound.Connect(new IPEndPoint(echo.Address, 9000)), Throws.InstanceOf<NotSupportedException>().With.Message.Contains("not simulated"));
    }

    private const int Sent = 4_000;

    private sealed partial class NumberedDatagrams
    {
        public List<int> Received { get; } = [];

        [Greenlet]
        public void Receive(GreenSocket socket)
        {
            var buffer = new byte[16];
            while (true)
            {
                try
                {
                    var (count, _) = socket.RecvFromInto(buffer);
                    Received.Add(int.Parse(Encoding.ASCII.GetString(buffer, 0, count), CultureInfo.InvariantCulture));
                }
                catch (SocketTimeoutException)
                {
                    return; // quiet for a second: everything that will arrive has arrived
                }
            }
        }

        [Greenlet]
        public void Send(IPEndPoint to, int first, int count)
        {
            using var socket = new GreenSocket(AddressFamily.InterNetwork, SocketType.Dgram);
            for (var i = first; i < first + count; i++)
            {
                socket.SendTo(Encoding.ASCII.GetBytes(i.ToString(CultureInfo.InvariantCulture)), to);
                Greenlet.Sleep(0.001);
            }
        }
    }

    /// <summary>A datagram socket bound to <paramref name="port"/> on <paramref name="host"/>, with a one-second timeout.</summary>
    private static GreenSocket BindOn(SimulatedHost host, int port)
    {
        GreenSocket? socket = null;
        host.Spawn(() =>
        {
            socket = new GreenSocket(AddressFamily.InterNetwork, SocketType.Dgram) { Timeout = 1 };
            socket.Bind(new IPEndPoint(IPAddress.Any, port));
        }).Join();
        return socket!;
    }

    private static readonly LinkProfile s_lossy = new()
    {
        Latency = 0.005,
        Jitter = 0,
        Loss = 0.1,
        Duplication = 0.05,
        Reordering = 0.1,
        ReorderingDelay = 0.02, // held back 10 to 20 ms while one datagram leaves every ms: always overtaken
    };

    /// <summary>Sends numbered datagrams over the lossy link under <paramref name="seed"/>; what arrived, in order, and the schedule's fingerprint.</summary>
    private static (List<int> Received, ulong Fingerprint) RunLossyLink(int seed)
    {
        using var simulation = Simulation.Install(seed, faults: false);
        var network = new SimulatedNetwork();
        using var installed = network.Install();
        var a = network.AddHost("a");
        var b = network.AddHost("b");
        network.SetLink(a, b, s_lossy);
        var program = new NumberedDatagrams();
        var socket = BindOn(b, 7000);
        var reading = b.Adopt(Greenlet.Spawn(program.Receive, socket));
        a.Adopt(Greenlet.Spawn(program.Send, new IPEndPoint(b.Address, 7000), 0, Sent)).Join();
        reading.Join();
        socket.Close();
        Assert.That(network.DatagramsDropped, Is.EqualTo(Sent - program.Received.Distinct().Count()), "every datagram missing was dropped on the link");
        return (program.Received, Simulation.Current!.Fingerprint);
    }

    [Test]
    public void LossDuplicationAndReorderingFollowTheLinksRatesUnderASeed()
    {
        var (received, _) = RunLossyLink(seed: 11);
        var distinct = received.Distinct().Count();
        var lost = (Sent - distinct) / (double)Sent;
        var duplicated = (received.Count - distinct) / (double)distinct;
        var seen = new HashSet<int>();
        var highest = -1;
        var overtaken = 0;
        foreach (var number in received)
        {
            if (seen.Add(number))
            {
                overtaken += number < highest ? 1 : 0;
                highest = Math.Max(highest, number);
            }
        }

        var reordered = overtaken / (double)distinct;
        Assert.Multiple(() =>
        {
            // About 4 standard deviations either side of each rate, for 4,000 datagrams.
            Assert.That(lost, Is.InRange(0.08, 0.12), "loss 10%");
            Assert.That(duplicated, Is.InRange(0.035, 0.065), "duplication 5%");
            Assert.That(reordered, Is.InRange(0.08, 0.12), "reordering 10%");
        });
    }

    [Test]
    public void TheSameSeedReplaysTheSameDatagramsInTheSameOrderAndAnotherSeedDoesNot()
    {
        var first = RunLossyLink(seed: 21);
        var again = RunLossyLink(seed: 21);
        var other = RunLossyLink(seed: 22);
        Assert.Multiple(() =>
        {
            Assert.That(again.Received, Is.EqualTo(first.Received));
            Assert.That(again.Fingerprint, Is.EqualTo(first.Fingerprint));
            Assert.That(other.Received, Is.Not.EqualTo(first.Received));
        });
    }

    [Test]
    public void APartitionDropsDatagramsInsteadOfHoldingThemAndTheHealDoesNotBringThemBack()
    {
        using var hub = global::Greenlets.Hub.Install(HubClock.Virtual());
        var network = new SimulatedNetwork(seed: 4);
        using var installed = network.Install();
        var a = network.AddHost("a");
        var b = network.AddHost("b");
        network.SetLink(a, b, new LinkProfile { Latency = 0.0035, Jitter = 0 }); // a sender sends one a ms: 3 or 4 are on their way
        var program = new NumberedDatagrams();
        var socket = BindOn(b, 7000);
        var reading = b.Adopt(Greenlet.Spawn(program.Receive, socket));
        var to = new IPEndPoint(b.Address, 7000);

        a.Adopt(Greenlet.Spawn(program.Send, to, 0, 5)).Join();
        Greenlet.Sleep(0.01); // 0-4 arrive
        network.Partition(a, b);
        a.Adopt(Greenlet.Spawn(program.Send, to, 5, 5)).Join();
        Greenlet.Sleep(0.01); // 5-9 reach the cut
        network.Heal();
        a.Adopt(Greenlet.Spawn(program.Send, to, 10, 5)).Join(); // 5 ms: 10 and 11 have arrived, 12-14 are on their way
        network.Partition(a, b);
        Greenlet.Sleep(0.1);
        network.Heal();
        reading.Join();
        socket.Close();

        Assert.That(program.Received, Is.EqualTo(new[] { 0, 1, 2, 3, 4, 10, 11 }), "what a partition cut is gone, in flight or not");
        Assert.That(network.DatagramsDropped, Is.EqualTo(8));
    }
}
