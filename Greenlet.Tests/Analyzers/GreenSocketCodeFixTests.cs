using Greenlets.Analyzers;
using Microsoft.CodeAnalysis.Testing;

namespace Greenlets.Tests.Analyzers;

/// <summary>
/// The GRN0100 fix for blocking sockets: a TCP Socket of this document, and the sockets it accepts into, become
/// GreenSockets when every use maps 1:1 onto a GreenSocket member; otherwise nothing changes.
/// </summary>
[Category(TestCategories.Generator)]
public sealed class GreenSocketCodeFixTests
{
    private const string Usings = "using System.Net;\nusing System.Net.Sockets;\n";

    private static CodeFixTest<BlockingCallAnalyzer, GreenSocketCodeFixProvider> SocketFix(string source, string fixedSource) =>
        new(AnalyzerSetup.Usings + Usings + source, AnalyzerSetup.Usings + Usings + fixedSource) { CodeActionEquivalenceKey = GreenSocketCodeFixProvider.Key };

    [Test]
    public Task AClientSocketBecomesAGreenSocket()
    {
        var test = SocketFix("""
        public static partial class Client
        {
            [Greenlet]
            public static int Ask(IPEndPoint server, IPAddress address, byte[] question, byte[] answer)
            {
                using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                socket.NoDelay = true;
                {|GRN0100:socket.Connect(server)|};
                {|GRN0100:socket.Send(question)|};
                {|GRN0100:socket.Send(question, 1, 2, SocketFlags.None)|};
                var count = {|GRN0100:socket.Receive(answer)|};
                count += {|GRN0100:socket.Receive(answer, count, answer.Length - count, SocketFlags.None)|};
                EndPoint local = socket.LocalEndPoint!;
                socket.Shutdown(SocketShutdown.Both);
                return count + local.ToString()!.Length;
            }

            [Greenlet]
            public static void Other(IPAddress address)
            {
                Socket socket = new(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
                {|GRN0100:socket.Connect(address, 80)|};
                socket.Close();
            }
        }
        """, """
        public static partial class Client
        {
            [Greenlet]
            public static int Ask(IPEndPoint server, IPAddress address, byte[] question, byte[] answer)
            {
                using var socket = new GreenSocket(AddressFamily.InterNetwork, SocketType.Stream);
                socket.NoDelay = true;
                socket.Connect(server);
                socket.SendAll(question);
                socket.SendAll(new ReadOnlyMemory<byte>(question, 1, 2));
                var count = socket.RecvInto(answer);
                count += socket.RecvInto(new Memory<byte>(answer, count, answer.Length - count));
                EndPoint local = socket.LocalEndPoint!;
                socket.Shutdown(SocketShutdown.Both);
                return count + local.ToString()!.Length;
            }

            [Greenlet]
            public static void Other(IPAddress address)
            {
                GreenSocket socket = new(address.AddressFamily, SocketType.Stream);
                socket.Connect(new IPEndPoint(address, 80));
                socket.Close();
            }
        }
        """);
        test.NumberOfIncrementalIterations = 2; // one socket per fix
        test.NumberOfFixAllIterations = 1;
        return test.RunAsync();
    }

    /// <summary>A listener and the connections it accepts change together, from a call on either.</summary>
    [Test]
    public Task AListenerAndTheSocketsItAcceptsBecomeGreenSockets() => SocketFix("""
        public partial class Server
        {
            private readonly Socket _listener = new Socket(AddressFamily.InterNetworkV6, SocketType.Stream, ProtocolType.Tcp);

            [Greenlet]
            public void Serve(IPEndPoint where, byte[] buffer)
            {
                _listener.Bind(where);
                _listener.Listen(16);
                while (true)
                {
                    using (Socket client = {|GRN0100:_listener.Accept()|})
                    {
                        var count = {|GRN0100:client.Receive(buffer)|};
                        {|GRN0100:client.Send(buffer)|};
                    }
                }
            }
        }
        """, """
        public partial class Server
        {
            private readonly GreenSocket _listener = new GreenSocket(AddressFamily.InterNetworkV6, SocketType.Stream);

            [Greenlet]
            public void Serve(IPEndPoint where, byte[] buffer)
            {
                _listener.Bind(where);
                _listener.Listen(16);
                while (true)
                {
                    using (GreenSocket client = _listener.Accept().Socket)
                    {
                        var count = client.RecvInto(buffer);
                        client.SendAll(buffer);
                    }
                }
            }
        }
        """).RunAsync();

    /// <summary>
    /// No fix where one use has no GreenSocket member of the same meaning: a sent count that is read (Socket.Send
    /// sends it all, GreenSocket.Send may not), a timeout in milliseconds, a socket passed on, a host name, a span,
    /// UDP, a use in plain code, and one accepted connection used so (the listener stays too).
    /// </summary>
    [Test]
    public Task NoFixWhereAUseHasNoGreenCounterpart()
    {
        const string source = """
            public partial class Cases
            {
                private readonly Socket _counted = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                private readonly Socket _timed = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                private readonly Socket _passed = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                private readonly Socket _named = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                private readonly Socket _span = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                private readonly Socket _udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
                private readonly Socket _plain = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                private readonly Socket _listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);

                [Greenlet]
                public int Use(byte[] data, EndPoint somewhere)
                {
                    var sent = {|GRN0100:_counted.Send(data)|};
                    _timed.ReceiveTimeout = 100;
                    {|GRN0100:_timed.Receive(data)|};
                    Log(_passed);
                    {|GRN0100:_passed.Send(data)|};
                    {|GRN0100:_named.Connect("localhost", 80)|};
                    {|GRN0100:_span.Receive(data.AsSpan())|};
                    {|GRN0100:_udp.Send(data)|};
                    {|GRN0100:_plain.Send(data)|};
                    {|GRN0100:_plain.Connect(somewhere)|};
                    var client = {|GRN0100:_listener.Accept()|};
                    return sent + client.Available;
                }

                public void Close() => _plain.Close();

                private static void Log(Socket socket) => Console.WriteLine(socket.Handle);
            }
            """;
        return SocketFix(source, source).RunAsync();
    }

    [Test]
    public Task FixAllMakesEverySocketOfTheDocumentGreen()
    {
        var test = SocketFix("""
            public static partial class Pair
            {
                [Greenlet]
                public static void Talk(IPEndPoint a, IPEndPoint b, byte[] data)
                {
                    var first = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                    var second = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.IP);
                    {|GRN0100:first.Connect(a)|};
                    {|GRN0100:second.Connect(b)|};
                    {|GRN0100:first.Send(data)|};
                    {|GRN0100:second.Receive(data)|};
                    first.Dispose();
                    second.Dispose();
                }
            }
            """, """
            public static partial class Pair
            {
                [Greenlet]
                public static void Talk(IPEndPoint a, IPEndPoint b, byte[] data)
                {
                    var first = new GreenSocket(AddressFamily.InterNetwork, SocketType.Stream);
                    var second = new GreenSocket(AddressFamily.InterNetwork, SocketType.Stream);
                    first.Connect(a);
                    second.Connect(b);
                    first.SendAll(data);
                    second.RecvInto(data);
                    first.Dispose();
                    second.Dispose();
                }
            }
            """);
        test.NumberOfIncrementalIterations = 2;
        test.NumberOfFixAllInDocumentIterations = 1;
        test.NumberOfFixAllIterations = 1;
        return test.RunAsync();
    }
}
