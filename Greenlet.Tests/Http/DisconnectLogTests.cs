using System.Net.Sockets;
using System.Text;

namespace Greenlets.Tests.Http;

/// <summary>
/// A client that goes away in the middle of a request is an ordinary end: one debug line in the connection log,
/// nothing at the default level, never a handler failure on the hub's error writer.
/// </summary>
[TestFixture]
[NonParallelizable]
[Category(TestCategories.Peer)]
public sealed partial class DisconnectLogTests : RealPeerTestBase
{
    private static string? _streamEnded;

    /// <summary>Streams a piece every 20 ms until a write fails, as a live feed does.</summary>
    [Greenlet]
    private static HttpBody StreamUntilTheClientLeaves(HttpRequest request, HttpResponse response)
    {
        _streamEnded = null;
        response.ContentType = "text/plain";
        try
        {
            while (true)
            {
                response.Write(new string('x', 1000) + "\n");
                Greenlet.Sleep(0.02);
            }
        }
        catch (IOException e)
        {
            _streamEnded = e.GetType().Name;
            throw;
        }
    }

    [Test]
    public void AClientResetDuringAStreamedResponseEndsTheWriteWithIOExceptionAndOneDebugLine()
    {
        using var server = Serve(new HttpServer("127.0.0.1", 0, StreamUntilTheClientLeaves) { ConnectionLogLevel = ConnectionLogLevel.Debug });

        var firstLine = OffHub(() =>
        {
            var client = new TcpClient();
            client.Connect("127.0.0.1", server.Port);
            var stream = client.GetStream();
            stream.Write("GET /feed HTTP/1.1\r\nHost: x\r\n\r\n"u8);
            var line = new StreamReader(stream).ReadLine();
            Thread.Sleep(100); // a few pieces go out
            client.LingerState = new LingerOption(true, 0);
            client.Close();
            return line;
        });

        for (var i = 0; i < 100 && server.ConnectionCount > 0; i++)
        {
            Greenlet.Sleep(0.05);
        }

        Assert.That(firstLine, Is.EqualTo("HTTP/1.1 200 OK"));
        Assert.That(server.ConnectionCount, Is.Zero);
        Assert.That(_streamEnded, Is.EqualTo(nameof(IOException)), "the handler's write raised the documented exception");
        Assert.That(Errors.ToString(), Is.Empty, "not a handler failure");
        Assert.That(ConnectionLogLines(), Has.Length.EqualTo(1));
        Assert.That(ConnectionLogLines()[0], Does.StartWith("debug [").And.Contain("\"GET /feed HTTP/1.1\": the client went away ("));
    }

    [TestCase(ConnectionLogLevel.Debug, 1)]
    [TestCase(ConnectionLogLevel.Information, 0)]
    [TestCase(ConnectionLogLevel.None, 0)]
    public void AClientResetInsideTheBodyIsOneDebugLine(ConnectionLogLevel level, int lines)
    {
        using var server = Serve(new HttpServer("127.0.0.1", 0, TestHandlers.Dispatch) { ConnectionLogLevel = level });

        OffHub(() =>
        {
            var client = new TcpClient();
            client.Connect("127.0.0.1", server.Port);
            client.GetStream().Write(Encoding.ASCII.GetBytes("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n0123456789"));
            Thread.Sleep(100); // the handler is reading the body
            client.LingerState = new LingerOption(true, 0);
            client.Close(); // a reset
            return true;
        });

        for (var i = 0; i < 100 && server.ConnectionCount > 0; i++)
        {
            Greenlet.Sleep(0.05);
        }

        Assert.That(server.ConnectionCount, Is.Zero);
        Assert.That(Errors.ToString(), Is.Empty, "not a handler failure");
        Assert.That(ConnectionLogLines(), Has.Length.EqualTo(lines));
        if (lines == 1)
        {
            Assert.That(ConnectionLogLines()[0], Does.Match(@"^debug \[[-0-9 :]+\] 127\.0\.0\.1:[0-9]+ ""POST /echo HTTP/1\.1"": the client went away \(.+\)$"));
        }
    }

    [Test]
    public void AHandlerExceptionIsStillAnErrorAndNotAConnectionEvent()
    {
        using var server = Serve(new HttpServer("127.0.0.1", 0, TestHandlers.Dispatch) { ConnectionLogLevel = ConnectionLogLevel.Debug });

        var response = OffHub(() =>
        {
            using var client = new TcpClient();
            client.Connect("127.0.0.1", server.Port);
            var stream = client.GetStream();
            stream.Write("GET /throw HTTP/1.1\r\nHost: x\r\n\r\n"u8);
            return new StreamReader(stream).ReadLine();
        });

        Assert.That(response, Is.EqualTo("HTTP/1.1 500 Internal Server Error"));
        Assert.That(Errors.ToString(), Does.Contain("HTTP handler failed for \"GET /throw HTTP/1.1\": System.InvalidOperationException: the handler failed on purpose"));
        Assert.That(ConnectionLog.ToString(), Is.Empty);
    }
}
