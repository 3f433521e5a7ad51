namespace Greenlets.Tests.Client;

/// <summary>
/// What one pooled, small, bodiless GET allocates on the hub thread in steady state: client and server both run on
/// this hub over loopback, and the server's keep-alive path allocates nothing per request (PlaintextAllocationTests),
/// so the bytes counted are the client's.
/// </summary>
[TestFixture]
[NonParallelizable]
[Category(TestCategories.Unit)]
public sealed partial class GreenHttpClientAllocationTests : HubTestBase
{
    private const int WarmUpRequests = 2_000;
    private const int MeasuredRequests = 5_000;

    /// <summary>
    /// The simple API (<see cref="GreenHttpClient.Get"/>): measured 2026-12-07 at 848 bytes per request (1,240 before
    /// the frames of suspended calls were pooled, 1,472 before the last URL's <see cref="Uri"/> was kept). Not zero:
    /// each request gets a new <see cref="GreenHttpRequest"/> and <see cref="GreenHttpResponse"/> with its header
    /// storage and body array. The bound keeps it from growing unnoticed.
    /// </summary>
    private const double MaxBytesPerRequest = 950;

    /// <summary>
    /// What the reusing form may allocate in the whole measured window: nothing per request. One object per request,
    /// even the smallest (24 bytes), would be 120,000 bytes here; the bound leaves room for a rare one-off, as the
    /// server's test does (PlaintextAllocationTests).
    /// </summary>
    private const int MaxOneOffBytes = 10 * 32;

    private static readonly HttpBody s_body = HttpBody.FromMemory("Hello, World!"u8.ToArray());

    [Greenlet]
    private static HttpBody Plaintext(HttpRequest request, HttpResponse response)
    {
        response.SetHeader("Content-Type", "text/plain");
        return s_body;
    }

    [Greenlet]
    private static long Measure(GreenHttpClient client, string url)
    {
        for (var i = 0; i < WarmUpRequests; i++)
        {
            client.Get(url);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < MeasuredRequests; i++)
        {
            client.Get(url);
        }

        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    /// <summary>The zero-allocation form: one request sent again and again, each response filled into the last one.</summary>
    [Greenlet]
    private static (long Allocated, int Ok, string Body) MeasureReusing(GreenHttpClient client, string url)
    {
        var request = new GreenHttpRequest("GET", url);
        GreenHttpResponse? response = null;
        var ok = 0;
        for (var i = 0; i < WarmUpRequests; i++)
        {
            response = client.Send(request, response);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < MeasuredRequests; i++)
        {
            response = client.Send(request, response);
            ok += response.StatusCode == 200 && response.ReadBody().Length == 13 ? 1 : 0;
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        return (allocated, ok, System.Text.Encoding.ASCII.GetString(response!.ReadBody()) + " " + response.Headers["Content-Type"]);
    }

    [Test]
    public void APooledBodilessGetThatReusesItsRequestAndResponseAllocatesNothingOnTheHubThread()
    {
        using var server = new HttpServer("127.0.0.1", 0, Plaintext) { AccessLog = null, ConnectionLog = null };
        server.Start();
        using var client = new GreenHttpClient();
        var (allocated, ok, body) = Greenlet.Spawn(MeasureReusing, client, $"http://127.0.0.1:{server.Port}/plaintext").Get();
        TestContext.Out.WriteLine($"{(double)allocated / MeasuredRequests:F2} bytes per request on the hub thread");
        Assert.That(ok, Is.EqualTo(MeasuredRequests), "every response was a 200 with the 13-byte body");
        Assert.That(body, Is.EqualTo("Hello, World! text/plain"), "the last response reads as sent");
        Assert.That(allocated, Is.LessThanOrEqualTo(MaxOneOffBytes), $"{(double)allocated / MeasuredRequests:F2} bytes per request on the hub thread");
        Assert.That(client.OpenedConnections(new GreenHttpOrigin("http", "127.0.0.1", server.Port)), Is.EqualTo(1));
    }

    [Test]
    public void APooledBodilessGetAllocatesABoundedAmountOnTheHubThread()
    {
        using var server = new HttpServer("127.0.0.1", 0, Plaintext) { AccessLog = null, ConnectionLog = null };
        server.Start();
        using var client = new GreenHttpClient();
        var allocated = Greenlet.Spawn(Measure, client, $"http://127.0.0.1:{server.Port}/plaintext").Get();
        var perRequest = (double)allocated / MeasuredRequests;
        TestContext.Out.WriteLine($"{perRequest:F0} bytes per request on the hub thread");
        Assert.That(perRequest, Is.LessThanOrEqualTo(MaxBytesPerRequest), $"{perRequest:F0} bytes per request on the hub thread");
        Assert.That(client.OpenedConnections(new GreenHttpOrigin("http", "127.0.0.1", server.Port)), Is.EqualTo(1));
    }
}
