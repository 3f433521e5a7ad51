using Chat;
using Greenlets;

// dotnet run --project samples/Chat [-- [<port>] [--cert <cert.pem> --key <key.pem>]]: serves the chat room on
// 127.0.0.1 until stopped (Ctrl-C); with a certificate and its key (PEM files), over https and wss.
var port = 5000;
string? certificatePath = null;
string? keyPath = null;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--cert" when i + 1 < args.Length:
            certificatePath = args[++i];
            break;
        case "--key" when i + 1 < args.Length:
            keyPath = args[++i];
            break;
        default:
            if (!int.TryParse(args[i], out port))
            {
                Console.Error.WriteLine("usage: Chat [<port>] [--cert <cert.pem> --key <key.pem>]");
                return 2;
            }

            break;
    }
}

var tls = certificatePath is null
    ? null
    : GreenSslStream.CreateServerOptions(GreenSslStream.LoadCertificateFromPemFile(certificatePath, keyPath));
var server = ChatApp.CreateServer("127.0.0.1", port, tls);
server.Start();
var scheme = tls is null ? "http" : "https";
Console.WriteLine($"Chat on {scheme}://127.0.0.1:{server.Port}/ (the websocket page is /points)");
server.ServeForever();
return 0;
