// The Kestrel peer of the HTTPS benchmark: a minimal API answering "Hello, World!" as text/plain over TLS, no logging.
// Usage: KestrelHttps <port> <cert.pem> <key.pem>. GET /memory answers as the Greenlet server's does.
using System.Net;
using System.Security.Cryptography.X509Certificates;

var port = int.Parse(args[0]);
using var ephemeral = X509Certificate2.CreateFromPemFile(args[1], args[2]);
var certificate = X509CertificateLoader.LoadPkcs12(ephemeral.Export(X509ContentType.Pkcs12), null);
var builder = WebApplication.CreateSlimBuilder();
builder.Logging.ClearProviders();
builder.WebHost.UseKestrelHttpsConfiguration();
builder.WebHost.ConfigureKestrel(options => options.Listen(IPAddress.Loopback, port, listen => listen.UseHttps(certificate)));
var app = builder.Build();
app.MapGet("/", () => Results.Text("Hello, World!", "text/plain"));
app.MapGet("/memory", () => Results.Text($"{GC.GetTotalMemory(forceFullCollection: true)} {GC.GetTotalAllocatedBytes(precise: true)} {Environment.WorkingSet}"));
app.Run();
