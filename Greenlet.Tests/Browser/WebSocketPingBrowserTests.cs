using Greenlets.Tests.Http;
using Greenlets.Tests.WebSockets;
using Microsoft.Playwright;

namespace Greenlets.Tests.Browser;

/// <summary>Headless Chromium answers the server's keep-alive pings by itself, so a quiet page stays connected.</summary>
[TestFixture]
[NonParallelizable]
[Category(TestCategories.Peer)]
public sealed partial class WebSocketPingBrowserTests : RealPeerTestBase
{
    private const string Page = """
        <!doctype html><title>waiting</title>
        <script>
        const socket = new WebSocket(`ws://${location.host}/echo`);
        socket.onopen = () => setTimeout(() => socket.send("still here"), 1500);
        socket.onmessage = event => document.title = event.data;
        socket.onclose = event => document.title = `closed ${event.code} ${event.reason}`;
        </script>
        """;

    [Greenlet]
    private static HttpBody ServePage(HttpRequest request, HttpResponse response)
    {
        response.ContentType = "text/html; charset=utf-8";
        return Page;
    }

    [Test]
    public void AQuietPageAnswersPingsAndStaysConnected()
    {
        var server = new HttpServer("127.0.0.1", 0, ServePage)
        {
            WebSocketHandler = WebSocketHandlers.Echo,
            WebSocketLimits = WebSocketLimits.Default with { PingInterval = 0.1, PongTimeout = 0.5 },
        };
        using var served = Serve(server);

        var title = OffHub(() => Task.Run(async () =>
        {
            using var playwright = await Playwright.CreateAsync();
            await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = "/usr/bin/chromium",
                Headless = true,
                Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"],
            });
            var page = await browser.NewPageAsync();
            await page.GotoAsync($"http://127.0.0.1:{server.Port}/");
            await page.WaitForFunctionAsync("document.title !== 'waiting'", null, new PageWaitForFunctionOptions { Timeout = 15_000 });
            return await page.TitleAsync();
        }).GetAwaiter().GetResult(), timeoutSeconds: 90);

        Assert.That(title, Is.EqualTo("echo: still here"), "about fifteen pings went unanswered by the page's code, and the browser answered them");
        Assert.That(ConnectionLog.ToString(), Is.Empty, "nothing was cut");
    }
}
