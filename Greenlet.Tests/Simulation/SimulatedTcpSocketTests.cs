using System.Net;
using System.Net.Sockets;
using System.Text;
using Greenlets.Tests.Http;

namespace Greenlets.Tests.Simulation;

using Simulation = global::Greenlets.Simulation;

/// <summary>
/// Raw TCP GreenSockets on the simulated network: the same code as on the kernel (bind, listen, accept, connect,
/// send, recv, shutdown, close, timeouts), with the kernel's errors, between named simulated hosts, under partitions
/// and resets, and replayed exactly from a seed.
/// </summary>
[TestFixture]
[Category(TestCategories.Unit)]
public sealed partial class SimulatedTcpSocketTests
{
    private static string[] GeventOutput() =>
        File.ReadAllLines(Path.Combine(HostileCorpus.RepositoryRoot(), "Greenlet.Tests", "Simulation", "Gevent", "tcp_sockets.out"));

    [Test]
    public void TheGeventTcpSocketProgramGivesGeventsOutputOnTheKernelAndOnTheSimulatedNetwork()
    {
        List<string> onKernel;
        using (global::Greenlets.Hub.Install())
        {
            onKernel = new GeventTcpProgram().Run();
        }

        List<string> simulated;
        var trace = new StringWriter();
        using (Simulation.Install(seed: 3, faults: false))
        {
            var network = new SimulatedNetwork { Trace = trace };
            using (network.Install())
            {
                simulated = new GeventTcpProgram().Run();
            }
        }

        Assert.Multiple(() =>
        {
            Assert.That(onKernel, Is.EqualTo(GeventOutput()), "on the kernel's loopback");
            Assert.That(simulated, Is.EqualTo(GeventOutput()), "on the simulated network");
            Assert.That(trace.ToString().Split("connect main").Length - 1, Is.EqualTo(3), "two connections and the refused one crossed the simulated network");
        });
    }

    private sealed partial class EchoOverSockets
    {
        public List<string> Served { get; } = [];

        [Greenlet]
        public void Upper(GreenSocket socket, IPEndPoint peer)
        {
            var line = socket.Recv(100);
            Served.Add($"{Encoding.ASCII.GetString(line)} from {peer.Address}");
            socket.SendAll(Encoding.ASCII.GetBytes(Encoding.ASCII.GetString(line).ToUpperInvariant()));
        }

        [Greenlet]
        public string Ask(string host, string text)
        {
            using var socket = GreenSocket.CreateConnection(new IPEndPoint(GreenDns.GetHostAddresses(host)[0], 7000), 5);
            socket.SendAll(text);
            return $"{Encoding.ASCII.GetString(socket.Recv(100))} from {socket.RemoteEndPoint} to {socket.LocalEndPoint}";
        }
    }

    [Test]
    public void AStreamServerWithASocketHandlerServesClientsOnOtherHostsByName()
    {
        using var installedHub = global::Greenlets.Hub.Install(HubClock.Virtual());
        var hub = global::Greenlets.Hub.Current;
        var network = new SimulatedNetwork(seed: 1);
        using var installed = network.Install();
        var echo = network.AddHost("echo");
        var client = network.AddHost("client");
        var program = new EchoOverSockets();
        using var server = new StreamServer(new IPEndPoint(IPAddress.Any, 7000), program.Upper);
        echo.Adopt(Greenlet.Spawn(server.Start)).Join();
        var start = hub.Now;

        var answer = client.Adopt(Greenlet.Spawn(program.Ask, "echo", "hi")).Get();

        Assert.Multiple(() =>
        {
            Assert.That(answer, Is.EqualTo($"HI from {echo.Address}:7000 to {client.Address}:49152"));
            Assert.That(program.Served, Is.EqualTo(new[] { $"hi from {client.Address}" }));
            Assert.That(hub.Now - start, Is.GreaterThan(TimeSpan.Zero), "the link's latency passed on the virtual clock");
            Assert.That(network.Deliveries, Is.GreaterThanOrEqualTo(4), "a SYN, its answer, the request and the reply");
        });
    }

    [Test]
    public void APartitionTimesAConnectOutAndANetworkResetFailsRecvAndSendWithTheKernelsErrors()
    {
        using var installedHub = global::Greenlets.Hub.Install(HubClock.Virtual());
        var hub = global::Greenlets.Hub.Current;
        var network = new SimulatedNetwork(seed: 2);
        using var installed = network.Install();
        var a = network.AddHost("a");
        var b = network.AddHost("b");
        GreenSocket listener = null!;
        b.Adopt(Greenlet.Spawn(() =>
        {
            listener = new GreenSocket();
            listener.Bind(new IPEndPoint(IPAddress.Any, 80));
            listener.Listen();
        })).Join();

        network.Partition(a, b);
        var start = hub.Now;
        var timedOut = a.Adopt(Greenlet.Spawn(Connect, new IPEndPoint(b.Address, 80)));
        Assert.That(() => timedOut.Get(), Throws.InstanceOf<SocketTimeoutException>());
        Assert.That(hub.Now - start, Is.EqualTo(TimeSpan.FromSeconds(1)), "the SYN waited in the partition for the whole timeout");

        network.Heal();
        var connected = a.Adopt(Greenlet.Spawn(Connect, new IPEndPoint(b.Address, 80))).Get();
        var (accepted, _) = listener.Accept();
        Assert.That(network.ResetConnections(a, b), Is.GreaterThan(0));

        var recv = a.Adopt(Greenlet.Spawn(RecvSome, connected));
        Assert.Multiple(() =>
        {
            Assert.That(() => recv.Get(), Throws.InstanceOf<SocketException>().With.Property(nameof(SocketException.SocketErrorCode)).EqualTo(SocketError.ConnectionReset));
            Assert.That(() => accepted.Send(new byte[1]), Throws.InstanceOf<SocketException>().With.Property(nameof(SocketException.SocketErrorCode)).EqualTo(SocketError.ConnectionReset));
            Assert.That(() => connected.Connect(new IPEndPoint(b.Address, 80)), Throws.InstanceOf<SocketException>().With.Property(nameof(SocketException.SocketErrorCode)).EqualTo(SocketError.IsConnected));
            Assert.That(() => new GreenSocket().Recv(1), Throws.InstanceOf<SocketException>().With.Property(nameof(SocketException.SocketErrorCode)).EqualTo(SocketError.NotConnected));
            Assert.That(() => connected.FileNo, Throws.InstanceOf<NotSupportedException>().With.Message.Contains("TCP socket on a SimulatedNetwork"));
        });
        connected.Close();
        accepted.Close();
        listener.Close();
        Assert.That(() => listener.Accept(), Throws.InstanceOf<ObjectDisposedException>());
    }

    [Greenlet]
    private static GreenSocket Connect(IPEndPoint server) => GreenSocket.CreateConnection(server, 1);

    [Greenlet]
    private static byte[] RecvSome(GreenSocket socket) => socket.Recv(10);

    /// <summary>The same code on either network: the exception a reader wakes with when another greenlet closes its socket.</summary>
    private static Type ExceptionOfAReaderWhoseSocketAnotherGreenletCloses()
    {
        var listener = new GreenSocket();
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen();
        var client = GreenSocket.CreateConnection(listener.LocalEndPoint, 5);
        var (accepted, _) = listener.Accept();
        var reader = Greenlet.Spawn(RecvSome, client);
        Greenlet.Sleep(0.1);
        client.Close();
        reader.Join();
        accepted.Close();
        listener.Close();
        return reader.Exception?.GetType() ?? typeof(void);
    }

    [Test]
    public void AReaderWhoseSocketAnotherGreenletClosesWakesWithTheKernelsExceptionOnTheSimulationToo()
    {
        Type onKernel;
        using (global::Greenlets.Hub.Install(HubClock.Virtual(ioGrace: TimeSpan.Zero)))
        {
            onKernel = ExceptionOfAReaderWhoseSocketAnotherGreenletCloses();
        }

        Type simulated;
        using (global::Greenlets.Hub.Install(HubClock.Virtual()))
        {
            var network = new SimulatedNetwork(seed: 4);
            using (network.Install())
            {
                simulated = ExceptionOfAReaderWhoseSocketAnotherGreenletCloses();
            }
        }

        Assert.Multiple(() =>
        {
            Assert.That(onKernel, Is.EqualTo(typeof(FileDescriptorClosedException)), "the kernel path");
            Assert.That(simulated, Is.EqualTo(onKernel), "the simulated socket");
        });
    }

    [Greenlet]
    private static string ReadAllText(GreenStream stream)
    {
        var text = new StringBuilder();
        var buffer = new byte[3];
        int count;
        while ((count = stream.Read(buffer)) > 0)
        {
            text.Append(Encoding.ASCII.GetString(buffer, 0, count));
        }

        return text.ToString();
    }

    [Greenlet]
    private static string AnswerOverTheStream(GreenSocket listener)
    {
        var (socket, _) = listener.Accept();
        using var stream = socket.GetStream();
        var question = ReadAllText(stream);
        stream.Write(Encoding.ASCII.GetBytes(question.ToUpperInvariant()));
        return question;
    }

    [Test]
    public void ASimulatedSocketsStreamReadsAndWritesWithHalfCloseAsTheKernelsDoes()
    {
        using var installedHub = global::Greenlets.Hub.Install(HubClock.Virtual());
        var network = new SimulatedNetwork(seed: 5);
        using var installed = network.Install();
        using var listener = new GreenSocket();
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen();
        var answering = Greenlet.Spawn(AnswerOverTheStream, listener);

        using var client = GreenSocket.CreateConnection(listener.LocalEndPoint, 5);
        var stream = client.GetStream();
        stream.Write(Encoding.ASCII.GetBytes("ping over a stream"));
        stream.ShutdownWrite();
        var answer = ReadAllText(stream);

        Assert.Multiple(() =>
        {
            Assert.That(answering.Get(), Is.EqualTo("ping over a stream"));
            Assert.That(answer, Is.EqualTo("PING OVER A STREAM"));
            Assert.That(network.Deliveries, Is.GreaterThanOrEqualTo(6), "the SYN and its answer, the data and the two ends crossed the network");
        });
    }

    private sealed partial class PingPong
    {
        [Greenlet]
        public void Serve(GreenSocket listener)
        {
            var (socket, _) = listener.Accept();
            using (socket)
            {
                var buffer = new byte[64];
                int count;
                while ((count = socket.RecvInto(buffer)) > 0)
                {
                    socket.SendAll(buffer.AsMemory(0, count));
                }
            }
        }

        [Greenlet]
        public int Ping(IPEndPoint server, int rounds)
        {
            using var socket = GreenSocket.CreateConnection(server, 10);
            var total = 0;
            for (var i = 0; i < rounds; i++)
            {
                socket.SendAll($"ping {i};");
                total += socket.Recv(64).Length;
            }

            return total;
        }
    }

    private static string RunPingPong(int seed)
    {
        var trace = new StringWriter();
        using (Simulation.Install(seed, faults: true))
        {
            var network = new SimulatedNetwork { Trace = trace };
            using (network.Install())
            {
                var server = network.AddHost("server");
                var client = network.AddHost("client");
                var program = new PingPong();
                var listener = new GreenSocket();
                server.Adopt(Greenlet.Spawn(() =>
                {
                    listener.Bind(new IPEndPoint(IPAddress.Any, 5000));
                    listener.Listen();
                })).Join();
                var serving = server.Adopt(Greenlet.Spawn(program.Serve, listener));
                var total = client.Adopt(Greenlet.Spawn(program.Ping, new IPEndPoint(server.Address, 5000), 50)).Get();
                serving.Join();
                var now = global::Greenlets.Hub.Current.Now;
                trace.WriteLine($"received {total} at {now.TotalSeconds:F6}");
            }
        }

        return trace.ToString();
    }

    [Test]
    public void TheSameSeedReplaysASocketConversationByteForByteAndAnotherSeedDrawsAnother()
    {
        var first = RunPingPong(seed: 7);
        Assert.Multiple(() =>
        {
            Assert.That(first, Does.Contain("received"), "the conversation finished");
            Assert.That(RunPingPong(seed: 7), Is.EqualTo(first), "replayed from its seed");
            Assert.That(RunPingPong(seed: 8), Is.Not.EqualTo(first), "another seed draws other latencies and faults");
        });
    }
}
