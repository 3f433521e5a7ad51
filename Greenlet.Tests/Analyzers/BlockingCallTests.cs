using Greenlets.Analyzers;
using Microsoft.CodeAnalysis.Testing;

namespace Greenlets.Tests.Analyzers;

[Category(TestCategories.Generator)]
public sealed class BlockingCallTests
{
    private static Task Check(string source, params DiagnosticResult[] expected) =>
        new AnalyzerTest<BlockingCallAnalyzer>(source, expected).RunAsync();

    [Test]
    public Task ThreadSleepInAGreenletIsReportedWithTheGreenAdvice() => Check("""
        public static partial class Workers
        {
            [Greenlet]
            public static void Worker()
            {
                {|#0:Thread.Sleep(100)|};
            }
        }
        """,
        AnalyzerSetup.Diagnostic("GRN0100").WithLocation(0)
            .WithArguments("Thread.Sleep", "Worker", "use Greenlet.Sleep, which suspends only this greenlet"));

    [Test]
    public Task StreamsTlsAndHttpClientsPointAtTheirGreenEquivalents() => Check("""
        using System.IO;
        using System.Net.Http;
        using System.Net.Security;
        using System.Net.Sockets;
        public static partial class Workers
        {
            [Greenlet]
            public static void Worker(TcpClient client, NetworkStream network, SslStream tls, HttpClient http, HttpRequestMessage request, byte[] buffer)
            {
                {|#0:client.GetStream()|};
                {|#1:network.Read(buffer, 0, 1)|};
                {|#2:tls.AuthenticateAsClient("example.com")|};
                {|#3:tls.Read(buffer, 0, 1)|};
                {|#4:http.Send(request)|};
            }
        }
        """,
        AnalyzerSetup.Diagnostic("GRN0100").WithLocation(0).WithArguments("TcpClient.GetStream", "Worker",
            "connect a GreenSocket (GreenSocket.CreateConnection) and read and write its GetStream(), whose calls suspend only this greenlet"),
        AnalyzerSetup.Diagnostic("GRN0100").WithLocation(1).WithArguments("NetworkStream.Read", "Worker",
            "use GreenSocket.GetStream(), a GreenStream whose Read and Write suspend only this greenlet"),
        AnalyzerSetup.Diagnostic("GRN0100").WithLocation(2).WithArguments("SslStream.AuthenticateAsClient", "Worker",
            "use GreenSslStream over a green stream: its handshake, reads and writes suspend only this greenlet"),
        AnalyzerSetup.Diagnostic("GRN0100").WithLocation(3).WithArguments("SslStream.Read", "Worker",
            "use GreenSslStream over a green stream: its handshake, reads and writes suspend only this greenlet"),
        AnalyzerSetup.Diagnostic("GRN0100").WithLocation(4).WithArguments("HttpClient.Send", "Worker",
            "use GreenHttpClient, whose requests run on the hub and suspend only this greenlet"));

    [Test]
    public Task BlockingOutsideGreenletsIsNotReported() => Check("""
        public static class Program
        {
            public static void Main()
            {
                Thread.Sleep(100);
                Task.Delay(1).Wait();
                Console.ReadLine();
            }
        }
        """);

    [Test]
    public Task CooperativeCallsAreNotReported() => Check("""
        public static partial class Workers
        {
            [Greenlet]
            public static void Worker(GreenQueue<int> queue, Event ready)
            {
                Greenlet.Sleep(0.1);
                ready.Wait();
                queue.Get();
                Console.WriteLine("plain code is fine");
            }
        }
        """);

    [Test]
    public Task EveryKindOfTaskWaitIsReported() => Check("""
        public static partial class Workers
        {
            [Greenlet]
            public static int Worker(Task task, Task<int> number, ValueTask<int> later)
            {
                {|GRN0100:task.Wait()|};
                {|GRN0100:task.Wait(100)|};
                {|GRN0100:Task.WaitAll(task)|};
                var a = {|GRN0100:number.Result|};
                var b = {|GRN0100:number.GetAwaiter().GetResult()|};
                var c = {|GRN0100:later.Result|};
                {|GRN0100:task.ConfigureAwait(false).GetAwaiter().GetResult()|};
                return a + b + c;
            }
        }
        """);

    [Test]
    public Task ThreadingPrimitivesAreReported() => Check("""
        using System.Collections.Concurrent;
        public static partial class Workers
        {
            [Greenlet]
            public static void Worker(object gate, SemaphoreSlim semaphore, ManualResetEventSlim slim, AutoResetEvent auto,
                Mutex mutex, Barrier barrier, BlockingCollection<int> items, Thread thread)
            {
                {|GRN0100:Monitor.Enter(gate)|};
                {|GRN0100:Monitor.Wait(gate)|};
                {|GRN0100:semaphore.Wait()|};
                {|GRN0100:slim.Wait()|};
                {|GRN0100:auto.WaitOne()|};
                {|GRN0100:mutex.WaitOne()|};
                {|GRN0100:barrier.SignalAndWait()|};
                {|GRN0100:items.Take()|};
                {|GRN0100:thread.Join()|};
            }
        }
        """);

    [Test]
    public Task NetworkFileConsoleAndProcessCallsAreReported() => Check("""
        using System.Diagnostics;
        using System.IO;
        using System.Net;
        using System.Net.Http;
        using System.Net.Sockets;
        public static partial class Workers
        {
            [Greenlet]
            public static void Worker(Socket socket, TcpClient client, TcpListener listener, UdpClient udp, NetworkStream stream,
                FileStream file, StreamReader reader, Process process, HttpClient http, HttpRequestMessage request, byte[] buffer)
            {
                {|GRN0100:socket.Connect(new IPEndPoint(IPAddress.Loopback, 80))|};
                {|GRN0100:socket.Receive(buffer)|};
                {|GRN0100:client.Connect("localhost", 80)|};
                {|GRN0100:listener.AcceptTcpClient()|};
                {|GRN0100:udp.Receive(ref Unused.EndPoint)|};
                {|GRN0100:stream.Read(buffer, 0, 1)|};
                {|GRN0100:Dns.GetHostAddresses("localhost")|};
                {|GRN0100:Dns.GetHostEntry("localhost")|};
                {|GRN0100:File.ReadAllText("a.txt")|};
                {|GRN0100:file.Read(buffer, 0, 1)|};
                {|GRN0100:reader.ReadLine()|};
                {|GRN0100:Console.ReadLine()|};
                {|GRN0100:Console.ReadKey()|};
                {|GRN0100:process.WaitForExit()|};
                {|GRN0100:http.Send(request)|};
        #pragma warning disable SYSLIB0014
                {|GRN0100:new WebClient().DownloadString("http://localhost/")|};
        #pragma warning restore SYSLIB0014
            }
        }

        public static class Unused
        {
            public static IPEndPoint? EndPoint;
        }
        """);

    [Test]
    public Task BlockingInsideALambdaIsLeftAlone() => Check("""
        public static partial class Workers
        {
            [Greenlet]
            public static void Worker()
            {
                Action later = () => Thread.Sleep(100);
                Func<int> compute = () => Task.FromResult(1).Result;
            }
        }
        """);

    [Test]
    public Task BlockingInsideALocalFunctionIsReported() => Check("""
        public static partial class Workers
        {
            [Greenlet]
            public static void Worker()
            {
                Pause();
                void Pause() => {|GRN0100:Thread.Sleep(100)|};
            }
        }
        """);

    [Test]
    public Task AnOverrideOfAGreenletMethodIsAGreenletToo() => Check("""
        public partial class Base
        {
            [Greenlet]
            public virtual void Run() { }
        }

        public partial class Derived : Base
        {
            public override void Run() => {|GRN0100:Thread.Sleep(1)|};
        }
        """);

    [Test]
    public Task OneCallIsReportedOnce() => Check("""
        public static partial class Workers
        {
            [Greenlet]
            public static int Worker(Task<int> number) => {|GRN0100:number.GetAwaiter().GetResult()|} + {|GRN0100:number.Result|};
        }
        """);
}
