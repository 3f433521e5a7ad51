// The Kestrel peer of the HTTP benchmark: a minimal API answering "Hello, World!" as text/plain, no logging.
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
var app = builder.Build();
app.MapGet("/", () => Results.Text("Hello, World!", "text/plain"));
app.Run($"http://127.0.0.1:{(args.Length > 0 ? args[0] : "8081")}");
