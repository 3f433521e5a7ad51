using System.Globalization;
using System.Text;

namespace Greenlets.Tests.Simulation;

/// <summary>
/// An ordinary HttpServer + GreenHttpClient program, unchanged, on the simulated network: the same seed gives the same
/// output every run, and another seed moves the timings (the jitter) without changing the answers.
/// </summary>
[TestFixture]
[Category(TestCategories.Unit)]
public sealed partial class SimulatedHttpTests : HubTestBase
{
    // The user's program: a server and a client that know each other by name, as they would in production.
    private static HttpBody Hello(HttpRequest request, HttpResponse response) => $"hello from {request.Path}";

    [Greenlet]
    private static void Serve()
    {
        using var server = new HttpServer("", 8080, Hello);
        server.ServeForever();
    }

    [Greenlet]
    private static string Fetch(string baseUrl, int count)
    {
        var log = new StringBuilder();
        using var client = new GreenHttpClient();
        for (var i = 0; i < count; i++)
        {
            var body = client.Get($"{baseUrl}/item/{i}").ReadAsString();
            var now = global::Greenlets.Hub.Current.Now.TotalSeconds;
            log.Append(CultureInfo.InvariantCulture, $"{now:F6} {body}\n");
        }

        return log.ToString();
    }

    private static string RunOnce(int seed)
    {
        using var hub = global::Greenlets.Hub.Install(HubClock.Virtual());
        return RunOn(new SimulatedNetwork(seed));
    }

    private static string RunInSimulation(int seed)
    {
        using var simulation = global::Greenlets.Simulation.Install(seed, faults: false); // no late timers: what moves is the network
        return RunOn(new SimulatedNetwork());
    }

    private static string RunOn(SimulatedNetwork network)
    {
        using var scope = network.Install();
        var api = network.AddHost("api");
        var web = network.AddHost("web");
        var server = api.Spawn(Serve);
        var output = web.Adopt(Greenlet.Spawn(Fetch, "http://api:8080", 5)).Get();
        server.Kill();
        return output;
    }

    [Test]
    public void TheSameSeedGivesTheSameOutputAHundredRunsInAHundred()
    {
        var first = RunOnce(seed: 42);
        Assert.That(first, Does.Contain("hello from /item/4"));
        for (var run = 1; run < 100; run++)
        {
            Assert.That(RunOnce(seed: 42), Is.EqualTo(first), $"run {run}");
        }
    }

    [Test]
    public void ANetworkMadeInASimulationFollowsTheSimulationsSeed()
    {
        var first = RunInSimulation(seed: 7);
        Assert.Multiple(() =>
        {
            Assert.That(RunInSimulation(seed: 7), Is.EqualTo(first), "one seed replays the schedule and the network");
            Assert.That(RunInSimulation(seed: 8), Is.Not.EqualTo(first), "another seed moves the network's jitter");
        });
    }

    [Test]
    public void ANetworkWithoutASeedOutsideASimulationIsRefused()
    {
        using var hub = global::Greenlets.Hub.Install(HubClock.Virtual());
        Assert.That(() => new SimulatedNetwork(), Throws.InvalidOperationException.With.Message.Contains("Simulation.Install"));
    }

    [Test]
    public void AnotherSeedChangesTheTimingsButNotTheAnswers()
    {
        var one = RunOnce(seed: 1);
        var two = RunOnce(seed: 2);
        Assert.That(two, Is.Not.EqualTo(one));
        string Answers(string output) => string.Join("\n", output.Split('\n').Select(line => line.Split(' ', 2).Last()));
        Assert.That(Answers(two), Is.EqualTo(Answers(one)));
    }
}
