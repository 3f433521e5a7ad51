using System.Net;
using Greenlets.Tests.Http;
using Greenlets.Tests.Server;

namespace Greenlets.Tests.Client;

/// <summary>The client against Kestrel (the minimal app of benchmarks/http/kestrel), many greenlets over a capped pool.</summary>
[TestFixture]
[NonParallelizable]
[Category(TestCategories.Peer)]
public sealed partial class GreenHttpClientKestrelTests : RealPeerTestBase
{
    private GreenHttpClient _client = null!;
    private string _url = null!;

    [Greenlet]
    private int TwentyGets(int worker)
    {
        var ok = 0;
        for (var i = 0; i < 20; i++)
        {
            var response = _client.Get(_url);
            ok += response.StatusCode == 200 && response.ReadAsString() == "Hello, World!" ? 1 : 0;
        }

        return ok;
    }

    [Test]
    public void FiftyGreenletsShareEightKeepAliveConnectionsToKestrel()
    {
        var root = Path.GetFullPath(Path.Combine(TestContext.CurrentContext.TestDirectory, "../../../.."));
        var output = Path.Combine(Path.GetTempPath(), "greenlet-client-kestrel");
        var build = RunProgram("dotnet", "build", Path.Combine(root, "benchmarks/http/kestrel"), "-c", "Release", "-o", output);
        Assert.That(build.ExitCode, Is.Zero, build.Output + build.Errors);
        var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        using var kestrel = new PeerProcess("dotnet", Path.Combine(output, "Kestrel.dll"), port.ToString());
        _url = $"http://127.0.0.1:{port}/";
        using var client = _client = new GreenHttpClient { MaxConnectionsPerOrigin = 8, TotalTimeout = 30 };
        for (var i = 0; ; i++)
        {
            try
            {
                client.Get(_url);
                break;
            }
            catch (GreenHttpConnectException) when (i < 300)
            {
                Greenlet.Sleep(0.1);
            }
        }

        var results = new Pool(50).Map(TwentyGets, Enumerable.Range(0, 50));
        Assert.That(results.Sum(), Is.EqualTo(1000));
        Assert.That(client.OpenedConnections(new GreenHttpOrigin("http", "127.0.0.1", port)), Is.InRange(1, 8));
    }
}
