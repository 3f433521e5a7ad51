using System.Net;
using System.Text;

namespace Greenlets.Tests.Streams;

/// <summary>
/// The transport seam as a user meets it: the same program over a socket's stream and over the in-memory pair, on
/// the virtual clock. Lines, exact counts, the end of the stream, timeouts that lose nothing, back-pressure, a kill
/// that leaves the stream usable, and the members a green stream refuses.
/// </summary>
[TestFixture(Transport.InMemoryPair)]
[TestFixture(Transport.Socket)]
[Category(TestCategories.Unit)]
public sealed partial class GreenStreamTests(GreenStreamTests.Transport transport) : HubTestBase
{
    public enum Transport
    {
        InMemoryPair,
        Socket,
    }

    private readonly List<IDisposable> _owned = [];

    protected override HubClock CreateClock() => HubClock.Virtual(ioGrace: TimeSpan.Zero);

    [TearDown]
    public void CloseOwned()
    {
        foreach (var owned in _owned)
        {
            owned.Dispose();
        }

        _owned.Clear();
    }

    private (GreenStream Client, GreenStream Server) Connect()
    {
        if (transport == Transport.InMemoryPair)
        {
            var (first, second) = GreenStream.CreatePair();
            _owned.Add(first);
            _owned.Add(second);
            return (first, second);
        }

        var listener = new GreenSocket(System.Net.Sockets.AddressFamily.InterNetwork);
        _owned.Add(listener);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen();
        var client = GreenSocket.CreateConnection(listener.LocalEndPoint, timeout: 5);
        var (server, _) = listener.Accept();
        _owned.Add(client);
        _owned.Add(server);
        return (client.GetStream(), server.GetStream());
    }

    [Greenlet]
    private void SendLines(GreenStream stream, string text)
    {
        foreach (var piece in text.Split('|'))
        {
            stream.Write(Encoding.UTF8.GetBytes(piece));
            Greenlet.Sleep(0.5); // the reader sees partial lines between pieces
        }

        stream.ShutdownWrite();
    }

    [Greenlet]
    private void ReadLines(GreenStream stream)
    {
        using var reader = new GreenStreamReader(stream, leaveOpen: true);
        while (reader.ReadLine() is { } line)
        {
            Log.Add($"{Now}: [{line}]");
        }

        Log.Add($"{Now}: end");
    }

    [Test]
    public void LinesArriveWholeWhateverTheyWereSentInAndTheLastNeedsNoNewline()
    {
        var (client, server) = Connect();
        var reader = Greenlet.Spawn(ReadLines, server);
        var writer = Greenlet.Spawn(SendLines, client, "one\r\ntw|o\nthr|ee|\n\nlast");
        Greenlet.JoinAll(reader, writer);

        Assert.That(reader.Exception ?? writer.Exception, Is.Null);
        Assert.That(Log, Is.EqualTo(new[] { "0: [one]", "0.5: [two]", "1.5: [three]", "1.5: []", "2: [last]", "2: end" }));
    }

    [Greenlet]
    private string ReadWithTimeouts(GreenStream stream)
    {
        stream.Timeout = 1;
        var buffer = new byte[16];
        var tries = 0;
        while (true)
        {
            try
            {
                var n = stream.Read(buffer);
                return $"{Encoding.UTF8.GetString(buffer, 0, n)} at {Now} after {tries} timeouts";
            }
            catch (SocketTimeoutException e)
            {
                tries++;
                Log.Add($"{Now}: {e.Message}");
            }
        }
    }

    [Greenlet]
    private void WriteLater(GreenStream stream, double delay, string text)
    {
        Greenlet.Sleep(delay);
        stream.Write(Encoding.UTF8.GetBytes(text));
    }

    [Test]
    public void AReadTimesOutOnTheClockAndLosesNothing()
    {
        var (client, server) = Connect();
        var reader = Greenlet.Spawn(ReadWithTimeouts, server);
        Greenlet.Spawn(WriteLater, client, 2.5, "late");
        reader.Join();

        Assert.That(reader.Value, Is.EqualTo("late at 2.5 after 2 timeouts"), reader.Exception?.ToString());
        Assert.That(Log, Is.EqualTo(new[] { "1: GreenStream.Read timed out after 1 s.", "2: GreenStream.Read timed out after 1 s." }));
    }

    [Greenlet]
    private long ReadAll(GreenStream stream)
    {
        var buffer = new byte[10_000];
        long total = 0, sum = 0;
        int n;
        while ((n = stream.Read(buffer)) > 0)
        {
            for (var i = 0; i < n; i++)
            {
                sum += buffer[i] * ((total + i) % 7 + 1); // order matters: a reordered byte changes the sum
            }

            total += n;
        }

        Log.Add($"read {total} bytes");
        return sum;
    }

    [Greenlet]
    private void WriteMegabyte(GreenStream stream)
    {
        var data = new byte[1 << 20];
        for (var i = 0; i < data.Length; i++)
        {
            data[i] = (byte)(i * 31);
        }

        stream.Write(data);
        Log.Add("wrote 1048576 bytes");
        stream.ShutdownWrite();
    }

    [Test]
    public void AWriterLargerThanTheBuffersWaitsForTheReaderAndEveryByteArrivesInOrder()
    {
        var (client, server) = Connect();
        var reader = Greenlet.Spawn(ReadAll, server);
        var writer = Greenlet.Spawn(WriteMegabyte, client);
        Greenlet.JoinAll(reader, writer);

        long expected = 0;
        for (long i = 0; i < 1 << 20; i++)
        {
            expected += (byte)(i * 31) * (i % 7 + 1);
        }

        Assert.That(writer.Exception ?? reader.Exception, Is.Null);
        Assert.That(reader.Value, Is.EqualTo(expected));
        Assert.That(Log, Does.Contain("read 1048576 bytes"));
    }

    [Greenlet]
    private string ReadExactlyThenMore(GreenStream stream)
    {
        using var reader = new GreenStreamReader(stream, leaveOpen: true);
        var first = Encoding.ASCII.GetString(reader.ReadExactly(5));
        try
        {
            reader.ReadExactly(10);
            return "no error";
        }
        catch (EndOfStreamException e)
        {
            return $"{first}; {e.Message}; then [{reader.ReadToEnd()}]";
        }
    }

    [Test]
    public void ReadExactlyStopsAtTheEndAndKeepsWhatArrived()
    {
        var (client, server) = Connect();
        var reader = Greenlet.Spawn(ReadExactlyThenMore, server);
        Greenlet.Spawn(SendLines, client, "hel|lo wor|ld");
        reader.Join();

        Assert.That(reader.Value, Is.EqualTo("hello; The stream ended after 6 of 10 bytes.; then [ world]"), reader.Exception?.ToString());
    }

    [Greenlet]
    private string ReadLongLine(GreenStream stream)
    {
        using var reader = new GreenStreamReader(stream, bufferSize: 16, leaveOpen: true) { MaxLineBytes = 100 };
        try
        {
            return reader.ReadLine() ?? "null";
        }
        catch (InvalidDataException e)
        {
            return e.Message;
        }
    }

    [Test]
    public void ALineLongerThanTheLimitIsRefusedNotBuffered()
    {
        var (client, server) = Connect();
        var reader = Greenlet.Spawn(ReadLongLine, server);
        Greenlet.Spawn(WriteLater, client, 0.0, new string('x', 150));
        reader.Join();

        Assert.That(reader.Value, Is.EqualTo("A line is longer than MaxLineBytes (100) bytes."));
    }

    [Greenlet]
    private void ParkInRead(GreenStream stream)
    {
        stream.Read(new byte[10]);
    }

    [Test]
    public void AKilledReaderLeavesTheStreamUsableForTheNext()
    {
        var (client, server) = Connect();
        var victim = Greenlet.Spawn(ParkInRead, server);
        Greenlet.Sleep(1);
        victim.Kill();
        var next = Greenlet.Spawn(ReadWithTimeouts, server);
        Greenlet.Spawn(WriteLater, client, 0.5, "after the kill");
        next.Join();

        Assert.That(victim.IsDead, Is.True, "killed while parked in Read");
        Assert.That(next.Value, Is.EqualTo("after the kill at 1.5 after 0 timeouts"), next.Exception?.ToString());
    }

    [Greenlet]
    private string WriteAfterPeerClosed(GreenStream stream)
    {
        Greenlet.Sleep(1);
        try
        {
            for (var i = 0; i < 100; i++)
            {
                stream.Write(new byte[100_000]); // a socket may take the first writes before it sees the close
            }

            return "no error";
        }
        catch (IOException e)
        {
            return e.GetType().Name;
        }
    }

    [Test]
    public void WritingToAClosedPeerIsAnIOException()
    {
        var (client, server) = Connect();
        server.Dispose();
        var writer = Greenlet.Spawn(WriteAfterPeerClosed, client);
        writer.Join();

        Assert.That(writer.Value, Is.EqualTo("IOException"), writer.Exception?.ToString());
        Assert.That(server.IsClosed, Is.True);
    }

    [Greenlet]
    private string ReadThroughTheBaseType(GreenStream stream)
    {
        Stream plain = stream; // Stream.Read is not the cooperative member: the generator cannot make it wait
        try
        {
            return plain.Read(new byte[10], 0, 10).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (GreenletContextException e)
        {
            return e.Message;
        }
    }

    [Test]
    public void ABlockingReadThroughTheBaseTypeInsideAGreenletFailsWithTheRemedy()
    {
        var (_, server) = Connect();
        var reader = Greenlet.Spawn(ReadThroughTheBaseType, server);
        reader.Join();

        Assert.That(reader.Value, Does.Contain("GreenStream.Read").And.Contain("[Greenlet]"), reader.Exception?.ToString());
    }

    [Test]
    public void TheThreadPoolMembersOfStreamAreRefused()
    {
        var (client, _) = Connect();

        Assert.That(() => client.ReadAsync(new byte[1]).AsTask(), Throws.TypeOf<NotSupportedException>().With.Message.Contains("[Greenlet]"));
        Assert.That(() => client.WriteAsync(new byte[1]).AsTask(), Throws.TypeOf<NotSupportedException>());
        Assert.That(() => client.Length, Throws.TypeOf<NotSupportedException>());
        Assert.That(client.CanSeek, Is.False);
    }
}
