using Greenlets.Tests.Http;
using Greenlets.Tests.Streams;
using Microsoft.Playwright;

namespace Greenlets.Tests.Browser;

/// <summary>
/// The chat sample in a real browser: Debian's headless Chromium, driven by Playwright off the hub, while the hub
/// serves the pages, the long polls and the WebSocket.
/// </summary>
[TestFixture]
[NonParallelizable]
[Category(TestCategories.Peer)]
public sealed class ChatBrowserTests : RealPeerTestBase
{
    private static readonly string[] s_chromiumArgs =
        ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

    private static async Task<IBrowser> LaunchChromiumAsync(IPlaywright playwright) =>
        await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = "/usr/bin/chromium", Headless = true, Args = s_chromiumArgs });

    [Test]
    public void AMessagePostedByOneUserAppearsForTheOtherWithoutAReload()
    {
        using var server = Serve(Chat.ChatApp.CreateServer("127.0.0.1", 0));
        var url = $"http://127.0.0.1:{server.Port}";
        var (bobSaw, aliceSaw, bobUrl) = OffHub(() => Task.Run(async () =>
        {
            using var playwright = await Playwright.CreateAsync();
            await using var browser = await LaunchChromiumAsync(playwright);
            await using var aliceContext = await browser.NewContextAsync();
            await using var bobContext = await browser.NewContextAsync();
            var alice = await aliceContext.NewPageAsync();
            var bob = await bobContext.NewPageAsync();
            await alice.GotoAsync($"{url}/topic1/alice");
            await bob.GotoAsync($"{url}/topic1/bob");
            var bobAddress = bob.Url;

            await alice.FillAsync("input[name=message]", "hello from alice");
            await alice.PressAsync("input[name=message]", "Enter");

            var bobItem = bob.Locator("#messages li", new PageLocatorOptions { HasText = "alice:hello from alice" });
            await bobItem.WaitForAsync(new LocatorWaitForOptions { Timeout = 15_000 });
            var aliceItem = alice.Locator("#messages li", new PageLocatorOptions { HasText = "alice:hello from alice" });
            await aliceItem.WaitForAsync(new LocatorWaitForOptions { Timeout = 15_000 });
            return (await bobItem.InnerTextAsync(), await aliceItem.InnerTextAsync(), bob.Url == bobAddress ? "same page" : bob.Url);
        }).GetAwaiter().GetResult(), timeoutSeconds: 90);

        Assert.That(bobSaw, Is.EqualTo("alice:hello from alice"));
        Assert.That(aliceSaw, Is.EqualTo("alice:hello from alice"));
        Assert.That(bobUrl, Is.EqualTo("same page"), "bob's page was not reloaded");
    }

    [Test]
    public void TheWebSocketPageShowsIncomingPoints()
    {
        using var server = Serve(Chat.ChatApp.CreateServer("127.0.0.1", 0));
        var points = OffHub(() => Task.Run(async () =>
        {
            using var playwright = await Playwright.CreateAsync();
            await using var browser = await LaunchChromiumAsync(playwright);
            var page = await browser.NewPageAsync();
            await page.GotoAsync($"http://127.0.0.1:{server.Port}/points");
            await page.Locator("#points li").Nth(2).WaitForAsync(new LocatorWaitForOptions { Timeout = 15_000 });
            return (await page.Locator("#points li").AllInnerTextsAsync()).Take(3).ToList();
        }).GetAwaiter().GetResult(), timeoutSeconds: 90);

        Assert.That(points, Is.EqualTo(new[] { "0,1", "1,3", "2,5" }));
    }

    [Test]
    public void OverTlsTheRoomWorksOnHttpsAndThePointsArriveOverWss()
    {
        var certificates = TestCertificates.Shared;
        var tls = GreenSslStream.CreateServerOptions(GreenSslStream.LoadCertificateFromPemFile(certificates.ServerPemPath, certificates.ServerKeyPath));
        using var server = Serve(Chat.ChatApp.CreateServer("127.0.0.1", 0, tls));
        var url = $"https://localhost:{server.Port}";
        var (scheme, bobSaw, points, socketUrl) = OffHub(() => Task.Run(async () =>
        {
            using var playwright = await Playwright.CreateAsync();
            // The test CA is not in Chromium's store: certificate errors are ignored, but the connection is still TLS.
            await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = "/usr/bin/chromium",
                Headless = true,
                Args = [.. s_chromiumArgs, "--ignore-certificate-errors"],
            });
            await using var aliceContext = await browser.NewContextAsync(new BrowserNewContextOptions { IgnoreHTTPSErrors = true });
            await using var bobContext = await browser.NewContextAsync(new BrowserNewContextOptions { IgnoreHTTPSErrors = true });
            var alice = await aliceContext.NewPageAsync();
            var bob = await bobContext.NewPageAsync();
            await alice.GotoAsync($"{url}/topic1/alice");
            await bob.GotoAsync($"{url}/topic1/bob");
            var protocol = await bob.EvaluateAsync<string>("location.protocol");

            await alice.FillAsync("input[name=message]", "hello over tls");
            await alice.PressAsync("input[name=message]", "Enter");
            var bobItem = bob.Locator("#messages li", new PageLocatorOptions { HasText = "alice:hello over tls" });
            await bobItem.WaitForAsync(new LocatorWaitForOptions { Timeout = 15_000 });

            var pointsPage = await aliceContext.NewPageAsync();
            var socket = pointsPage.WaitForWebSocketAsync(new PageWaitForWebSocketOptions { Timeout = 15_000 });
            await pointsPage.GotoAsync($"{url}/points");
            var socketAddress = (await socket).Url;
            await pointsPage.Locator("#points li").Nth(2).WaitForAsync(new LocatorWaitForOptions { Timeout = 15_000 });
            var drawn = (await pointsPage.Locator("#points li").AllInnerTextsAsync()).Take(3).ToList();
            return (protocol, await bobItem.InnerTextAsync(), drawn, socketAddress);
        }).GetAwaiter().GetResult(), timeoutSeconds: 90);

        Assert.That(scheme, Is.EqualTo("https:"));
        Assert.That(bobSaw, Is.EqualTo("alice:hello over tls"));
        Assert.That(socketUrl, Does.StartWith("wss://localhost:"));
        Assert.That(points, Is.EqualTo(new[] { "0,1", "1,3", "2,5" }));
    }
}
