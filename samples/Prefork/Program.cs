using System.Globalization;
using Greenlets;

// An HTTP server on a listening socket it was handed, as systemd's socket activation hands it (fd 3, with
// LISTEN_FDS=1 and LISTEN_PID set to this process), served by two hubs sharing it:
//   systemd-socket-activate -l 127.0.0.1:8080 dotnet Prefork.dll systemd
// Each answer names the process and the hub that served it: "<pid> <hub>".
switch (args)
{
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
        Console.Error.WriteLine("usage: Prefork systemd");
        return 2;
}

static HttpBody Answer(HttpRequest request, HttpResponse response) =>
    string.Create(CultureInfo.InvariantCulture, $"{Environment.ProcessId} {HubGroup.CurrentIndex}");
