// Kestrel's side of the conformance run, with its defaults: every method and path is served after the whole body
// is read, as Greenlet's side does. Usage: ConformanceKestrel <port>.
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
var app = builder.Build();
app.Run(async context =>
{
    var body = new MemoryStream();
    await context.Request.Body.CopyToAsync(body);
    await context.Response.WriteAsync($"{body.Length} bytes");
});
app.Run($"http://127.0.0.1:{(args.Length > 0 ? args[0] : "8081")}");
