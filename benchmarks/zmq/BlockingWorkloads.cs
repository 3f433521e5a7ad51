using System.Runtime.InteropServices;

namespace Greenlets.ZmqBenchmarks;

/// <summary>
/// The baseline: the same workloads with plain blocking libzmq calls (no ZMQ_DONTWAIT, no hub), one thread per
/// socket, as a C# program without Greenlet would make them.
/// </summary>
public static unsafe partial class BlockingWorkloads
{
    private const string Library = "libzmq.so.5";
    private const int ZMQ_LINGER = 17;
    private const int ZMQ_LAST_ENDPOINT = 32;

    [LibraryImport(Library)]
    private static partial nint zmq_ctx_new();

    [LibraryImport(Library)]
    private static partial int zmq_ctx_term(nint context);

    [LibraryImport(Library)]
    private static partial nint zmq_socket(nint context, int type);

    [LibraryImport(Library)]
    private static partial int zmq_close(nint socket);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int zmq_bind(nint socket, string endpoint);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int zmq_connect(nint socket, string endpoint);

    [LibraryImport(Library)]
    private static partial int zmq_setsockopt(nint socket, int option, void* value, nuint length);

    [LibraryImport(Library)]
    private static partial int zmq_getsockopt(nint socket, int option, void* value, nuint* length);

    [LibraryImport(Library)]
    private static partial int zmq_send(nint socket, void* buffer, nuint length, int flags);

    [LibraryImport(Library)]
    private static partial int zmq_recv(nint socket, void* buffer, nuint length, int flags);

    /// <summary>Operations per second, and processor time per operation, for <paramref name="count"/> round trips (or messages), two threads.</summary>
    public static Measurement Run(string workload, string transport, int count)
    {
        var reqRep = workload == "reqrep";
        var context = zmq_ctx_new();
        var server = zmq_socket(context, reqRep ? 4 : 7); // REP or PULL
        var client = zmq_socket(context, reqRep ? 3 : 8); // REQ or PUSH
        var endpoint = Bind(server, transport);
        Check(zmq_connect(client, endpoint), "connect");
        var serverThread = new Thread(() => Serve(server, reqRep, count));
        var cpu = Measurement.ProcessorTime();
        var start = System.Diagnostics.Stopwatch.GetTimestamp();
        serverThread.Start();
        var message = stackalloc byte[64];
        for (var i = 0; i < count; i++)
        {
            Check(zmq_send(client, message, 16, 0), "send");
            if (reqRep)
            {
                Check(zmq_recv(client, message, 64, 0), "recv");
            }
        }

        serverThread.Join();
        var seconds = System.Diagnostics.Stopwatch.GetElapsedTime(start).TotalSeconds;
        var cpuSeconds = (Measurement.ProcessorTime() - cpu).TotalSeconds;
        foreach (var socket in new[] { server, client })
        {
            var linger = 0;
            zmq_setsockopt(socket, ZMQ_LINGER, &linger, sizeof(int));
            zmq_close(socket);
        }

        zmq_ctx_term(context);
        return new Measurement(count / seconds, cpuSeconds * 1e6 / count);
    }

    private static void Serve(nint server, bool reqRep, int count)
    {
        var buffer = stackalloc byte[64];
        for (var i = 0; i < count; i++)
        {
            var size = zmq_recv(server, buffer, 64, 0);
            Check(size, "recv");
            if (reqRep)
            {
                Check(zmq_send(server, buffer, (nuint)size, 0), "send");
            }
        }
    }

    private static string Bind(nint socket, string transport)
    {
        var requested = Endpoints.Fresh(transport);
        Check(zmq_bind(socket, requested), "bind");
        var buffer = stackalloc byte[256];
        nuint length = 256;
        Check(zmq_getsockopt(socket, ZMQ_LAST_ENDPOINT, buffer, &length), "last endpoint");
        return Marshal.PtrToStringUTF8((nint)buffer)!;
    }

    private static void Check(int result, string what)
    {
        if (result < 0)
        {
            throw new InvalidOperationException($"zmq {what} failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }
}
