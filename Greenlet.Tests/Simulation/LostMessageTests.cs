using System.Globalization;
using System.Net.Sockets;

namespace Greenlets.Tests.Simulation;

using Simulation = global::Greenlets.Simulation;

/// <summary>
/// Issue 23, point 5b: a long-polling chat loses a message across a connection reset. Alice posts numbered messages
/// to a chat server; Bob long-polls for them (<c>GET /poll/&lt;cursor&gt;</c>). The buggy server hands a poll the
/// messages waiting in Bob's mailbox and forgets them at once, the way samples/Chat's queue does: when the poll's
/// connection resets (before the answer arrives, or while the handler still waits for a message for a client that has
/// given up and polled again), those messages are gone. The fixed server keeps a message until a later poll's cursor
/// acknowledges it. Ordinary HttpServer and GreenHttpClient code on the simulated network; the resets come from its
/// <see cref="NetworkFaults.Resets"/>. The seeded runner finds the loss within 1,000 seeds and replays it exactly.
/// </summary>
[Category(TestCategories.Unit)]
public sealed partial class LostMessageTests
{
    private const int Messages = 8;
    private const double PollSeconds = 5;

    /// <summary>The chat server: one mailbox, Bob's.</summary>
    private sealed partial class ChatServer(bool keepUntilAcknowledged)
    {
        private readonly List<(int Seq, string Text)> _mailbox = [];
        private readonly HashSet<int> _seen = [];
        private readonly Event _arrived = new();

        public HttpServer Create() =>
            new(string.Empty, 8080, new HttpRouter().MapPost("/send/<seq>", Send).MapGet("/poll/<after>", Poll))
            {
                AccessLog = null,
                ConnectionLog = null,
            };

        [Greenlet]
        private HttpBody Send(HttpRequest request, HttpResponse response)
        {
            var seq = int.Parse(request.RouteValues["seq"], CultureInfo.InvariantCulture);
            var text = request.ReadText();
            if (_seen.Add(seq)) // Alice retries a send whose answer she lost: keep one copy
            {
                _mailbox.Add((seq, text));
                _arrived.Set();
            }

            return "ok";
        }

        [Greenlet]
        private HttpBody Poll(HttpRequest request, HttpResponse response)
        {
            var after = int.Parse(request.RouteValues["after"], CultureInfo.InvariantCulture);
            if (keepUntilAcknowledged)
            {
                _mailbox.RemoveAll(message => message.Seq <= after); // the cursor acknowledges what Bob has
            }

            if (_mailbox.Count == 0)
            {
                _arrived.Clear();
                _arrived.Wait(PollSeconds);
            }

            var batch = _mailbox.ToList();
            if (!keepUntilAcknowledged)
            {
                _mailbox.Clear(); // the bug: handed to this poll counts as delivered, whatever becomes of its connection
            }

            Simulation.Record($"server hands {batch.Count} message(s) to poll after {after}");
            return string.Join("\n", batch.Select(message => $"{message.Seq} {message.Text}"));
        }
    }

    [Greenlet]
    private static void Serve(ChatServer chat)
    {
        using var server = chat.Create();
        server.ServeForever();
    }

    [Greenlet]
    private static void Talk(int count)
    {
        using var client = new GreenHttpClient { TotalTimeout = 2 };
        for (var seq = 1; seq <= count; seq++)
        {
            while (true)
            {
                try
                {
                    using var answer = client.Post($"http://chat:8080/send/{seq}", $"message {seq}");
                    answer.EnsureSuccessStatusCode().ReadBody();
                    break;
                }
                catch (Exception failure) when (failure is not (GreenletExit or GreenTimeout) && IsNetworkFailure(failure))
                {
                    Simulation.Record($"alice: send {seq} failed ({failure.GetType().Name}), again");
                    Greenlet.Sleep(0.05);
                }
            }

            Greenlet.Sleep(Simulation.Chance(0.5) ? 0.002 : 0.2);
        }
    }

    [Greenlet]
    private static List<int> Listen(int count, double giveUpAfterSeconds)
    {
        var received = new List<int>();
        var cursor = 0;
        using var client = new GreenHttpClient { TotalTimeout = PollSeconds + 2 };
        while (received.Count < count && global::Greenlets.Hub.Current.Now.TotalSeconds < giveUpAfterSeconds)
        {
            try
            {
                using var answer = client.Get($"http://chat:8080/poll/{cursor}");
                var body = answer.EnsureSuccessStatusCode().ReadAsString(); // the whole body first...
                foreach (var line in body.Split('\n', StringSplitOptions.RemoveEmptyEntries))
                {
                    var seq = int.Parse(line.AsSpan(0, line.IndexOf(' ', StringComparison.Ordinal)), CultureInfo.InvariantCulture);
                    if (seq > cursor)
                    {
                        received.Add(seq);
                        cursor = seq; // ...then the cursor, past what Bob has shown
                    }
                }

                Simulation.Record($"bob: cursor {cursor}");
                if (received.Count != cursor)
                {
                    break; // a gap in the numbers: a message is gone, and polling on will not bring it back
                }
            }
            catch (Exception failure) when (failure is not (GreenletExit or GreenTimeout) && IsNetworkFailure(failure))
            {
                Simulation.Record($"bob: poll failed ({failure.GetType().Name}), again");
                Greenlet.Sleep(0.05);
            }
        }

        return received;
    }

    private static bool IsNetworkFailure(Exception failure) =>
        failure is IOException or SocketException or GreenHttpException or GreenHttpTimeoutException or GreenHttpProtocolException;

    /// <summary>One run of the chat: Alice sends, Bob must see every message once, in order.</summary>
    private static void Chat(bool keepUntilAcknowledged, double resetChance)
    {
        var network = new SimulatedNetwork();
        network.Faults.Resets = resetChance;
        using var installed = network.Install();
        var server = network.AddHost("chat").Adopt(Greenlet.Spawn(Serve, new ChatServer(keepUntilAcknowledged)));
        var alice = network.AddHost("alice").Adopt(Greenlet.Spawn(Talk, Messages));
        var bob = network.AddHost("bob").Adopt(Greenlet.Spawn(Listen, Messages, 120.0));
        var received = bob.Get();
        alice.Join();
        server.Kill();
        var expected = Enumerable.Range(1, Messages).ToList();
        if (!received.SequenceEqual(expected))
        {
            var missing = expected.Except(received).ToList();
            Simulation.Record($"bob received [{string.Join(',', received)}], missing [{string.Join(',', missing)}]");
            throw new InvalidOperationException($"Lost message: Bob never received message(s) {string.Join(", ", missing)} of {Messages}.");
        }
    }

    private const double ResetChance = 0.02;

    [Test]
    public void WithoutResetsTheBuggyServerDeliversEverything()
    {
        var result = SimulationAssert.PassesUnderSeeds(50, () => Chat(keepUntilAcknowledged: false, resetChance: 0));
        Assert.That(result.SeedsRun, Is.EqualTo(50));
    }

    [Test]
    public void TheSeededRunnerFindsTheLostMessageWithinAThousandSeedsAndReplaysItExactly()
    {
        var options = new SimulationRunOptions { TraceCapacity = 48 };
        var result = Simulation.RunSeeds(1_000, () => Chat(keepUntilAcknowledged: false, ResetChance), options);

        Assert.That(result.Failure, Is.Not.Null, "some seed under 1,000 resets a poll that was handed a message");
        var failure = result.Failure!;
        TestContext.Out.WriteLine(failure.Describe());
        Assert.That(failure.Exception.Message, Does.Contain("Lost message"));
        Assert.That(failure.Describe(), Does.Contain($"seed {failure.Seed}").And.Contain("GREENLET_SIM_REPLAY="));
        Assert.That(failure.Trace[^1], Does.Contain("missing ["));
        Assert.That(failure.Trace, Has.Some.Contains("net reset (fault)"), "the reset that lost the message is in the trace, among the scheduling decisions");
        // The server handed the lost message to a poll, and Bob polled again from the same cursor: the reset answer
        // never reached him (GreenHttpClient retried the GET on a fresh connection, or the poll failed and Bob retried).
        var missing = int.Parse(System.Text.RegularExpressions.Regex.Match(failure.Trace[^1], @"missing \[(\d+)").Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.That(failure.Trace.Count(line => line.Contains($"to poll after {missing - 1}", StringComparison.Ordinal)), Is.GreaterThanOrEqualTo(2));

        for (var replay = 0; replay < 3; replay++)
        {
            var again = Simulation.RunSeeds(1, () => Chat(keepUntilAcknowledged: false, ResetChance), new SimulationRunOptions { ReplaySeed = failure.Seed, TraceCapacity = 48, Parallelism = 1 });
            Assert.That(again.Failure?.Seed, Is.EqualTo(failure.Seed));
            Assert.That(again.Failure!.Exception.Message, Is.EqualTo(failure.Exception.Message));
            Assert.That(again.Failure.Trace, Is.EqualTo(failure.Trace), "the replay takes the same schedule, byte for byte");
        }
    }

    [Test]
    public void TheFixedServerPassesTheSameThousandSeeds()
    {
        var result = SimulationAssert.PassesUnderSeeds(1_000, () => Chat(keepUntilAcknowledged: true, ResetChance));
        Assert.That(result.SeedsRun, Is.EqualTo(1_000));
    }
}
