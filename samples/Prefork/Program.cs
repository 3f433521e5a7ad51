using System.Globalization;
using System.Net;
using Greenlets;

// An HTTP server on a listening socket it was handed, served by two hubs sharing it, in one of two ways:
//   prefork N: this process binds 127.0.0.1:PORT (0 picks one, printed as "listening on PORT") and runs N worker
//              processes of this same program sharing the socket; it restarts a worker that dies, and SIGTERM,
//              SIGINT or SIGQUIT stops them all gracefully (each finishes its requests in flight):
//     dotnet Prefork.dll prefork 2 [port]
//   systemd: the socket comes from systemd's socket activation (fd 3, LISTEN_FDS=1, LISTEN_PID this process):
//     systemd-socket-activate -l 127.0.0.1:8080 dotnet Prefork.dll systemd
// Each answer names the process and the hub that served it: "<pid> <hub>". /slow?seconds=S answers after S seconds.
switch (args)
{
    case ["prefork", var count, .. var rest]:
        var port = rest.Length > 0 ? int.Parse(rest[0], CultureInfo.InvariantCulture) : 0;
        var options = new PreforkOptions
        {
            StopTimeout = 20,
            Listening = address => Console.WriteLine($"listening on {address.Port}"),
        };
        return PreforkWorkers.Run(int.Parse(count, CultureInfo.InvariantCulture), new IPEndPoint(IPAddress.Loopback, port), Serve, options);
    case ["systemd"]:
        var sockets = GreenSocket.FromSystemd();
        if (sockets.Count != 1)
        {
            Console.Error.WriteLine("expected one socket from systemd (LISTEN_FDS=1, LISTEN_PID=this process)");
            return 2;
        }

        new HttpServer(sockets[0], Answer) { Workers = 2, AccessLog = null }.ServeForever();
        return 0;
    default:
        Console.Error.WriteLine("usage: Prefork prefork <workers> [port] | Prefork systemd");
        return 2;
}

/// <summary>A worker: serves on the shared socket until the parent forwards a stop, then lets requests in flight finish.</summary>
internal partial class Program
{
    [Greenlet]
    private static void Serve(PreforkWorker worker)
    {
        var server = CreateServer(worker.Listener);
        server.Start();
        worker.StopRequested.Wait();
        server.Stop(timeout: 10);
        server.ServeForever(); // returns once every hub has ended
    }

    private static HttpServer CreateServer(GreenSocket listener) => new(listener, Answer) { Workers = 2, AccessLog = null, ConnectionLog = null };

    [Greenlet]
    private static HttpBody Answer(HttpRequest request, HttpResponse response)
    {
        if (request.Path == "/slow" && request.QueryString.StartsWith("seconds=", StringComparison.Ordinal))
        {
            Console.WriteLine($"slow request started on {Environment.ProcessId}"); // a test waits for this line
            Greenlet.Sleep(double.Parse(request.QueryString["seconds=".Length..], CultureInfo.InvariantCulture));
        }

        return string.Create(CultureInfo.InvariantCulture, $"{Environment.ProcessId} {HubGroup.CurrentIndex}");
    }
}
