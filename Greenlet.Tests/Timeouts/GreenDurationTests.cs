using Greenlets.Tests.Generator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Greenlets.Tests.Timeouts;

/// <summary>
/// A <see cref="GreenDuration"/> is written as seconds or as a <see cref="TimeSpan"/>, and a wait behaves at the edges
/// (zero, negative, tiny) as gevent's does either way. The expectation is the output of duration_edges.py, next to
/// this file, run with /usr/bin/python3 (gevent 22.10.2).
/// </summary>
[Category(TestCategories.Unit)]
public sealed partial class GreenDurationTests : HubTestBase
{
    private const string GeventEdges = """
        sleep(0): None
        Event.wait(0): False
        Queue.get(0): Empty
        Semaphore.acquire(0): False
        Greenlet.get(0): Timeout '0 seconds'
        Greenlet.join(0): False
        Timeout(0): Timeout '0 seconds'
        sleep(-1): None
        Event.wait(-1): False
        Queue.get(-1): Empty
        Semaphore.acquire(-1): False
        Greenlet.get(-1): Timeout '-1 seconds'
        Greenlet.join(-1): False
        Timeout(-1): Timeout '-1 seconds'
        sleep(0.001): None
        Event.wait(0.001): False
        Queue.get(0.001): Empty
        Semaphore.acquire(0.001): False
        Greenlet.get(0.001): Timeout '0.001 seconds'
        Greenlet.join(0.001): False
        Timeout(0.001): Timeout '0.001 seconds'
        Timeout(None): no timeout
        """;

    [Greenlet]
    private static int SleepThenAnswer(double seconds)
    {
        Greenlet.Sleep(seconds);
        return 42;
    }

    [Greenlet]
    private static void SleepForever(List<string> log)
    {
        Greenlet.Sleep(Timeout.InfiniteTimeSpan);
        log.Add("woke");
    }

    private List<string> Edges(Func<double, GreenDuration> duration)
    {
        var lines = new List<string>();
        void Run(string label, Func<string> call)
        {
            try
            {
                lines.Add($"{label}: {call()}");
            }
            catch (GreenTimeout t)
            {
                lines.Add($"{label}: Timeout '{t.Message}'");
            }
            catch (QueueEmptyException)
            {
                lines.Add($"{label}: Empty");
            }
        }

        string TimeoutAroundSleep(GreenDuration? seconds)
        {
            using (GreenTimeout.StartNew(seconds))
            {
                Greenlet.Sleep(0.01);
            }

            return "no timeout";
        }

        foreach (var seconds in new[] { 0, -1, 0.001 })
        {
            var v = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            Run($"sleep({v})", () => { Greenlet.Sleep(duration(seconds)); return "None"; });
            Run($"Event.wait({v})", () => new Event().Wait(timeout: duration(seconds)) ? "True" : "False");
            Run($"Queue.get({v})", () => new GreenQueue<int>().Get(timeout: duration(seconds)).ToString());
            Run($"Semaphore.acquire({v})", () => new GreenSemaphore(0).Acquire(timeout: duration(seconds)) ? "True" : "False");
            var g = Greenlet.Spawn(SleepThenAnswer, 10.0);
            Run($"Greenlet.get({v})", () => g.Get(timeout: duration(seconds)).ToString());
            Run($"Greenlet.join({v})", () => { g.Join(timeout: duration(seconds)); return g.IsDead ? "True" : "False"; });
            g.Kill();
            Run($"Timeout({v})", () => TimeoutAroundSleep(duration(seconds)));
        }

        Run("Timeout(None)", () => TimeoutAroundSleep(null));
        return lines;
    }

    [Test]
    public void WaitsAtTheEdgesBehaveAsGeventsFromSeconds()
    {
        Assert.That(Edges(seconds => seconds), Is.EqualTo(GeventEdges.Split('\n')));
    }

    [Test]
    public void WaitsAtTheEdgesBehaveAsGeventsFromTimeSpans()
    {
        Assert.That(Edges(seconds => TimeSpan.FromSeconds(seconds)), Is.EqualTo(GeventEdges.Split('\n')));
    }

    [Test]
    public void SecondsAreKeptAsWrittenAndATimeSpanBecomesItsTotalSeconds()
    {
        Assert.That(((GreenDuration)1e-9).Seconds, Is.EqualTo(1e-9));
        Assert.That(((GreenDuration)1e20).Seconds, Is.EqualTo(1e20));
        Assert.That(((GreenDuration)(-1)).Seconds, Is.EqualTo(-1));
        Assert.That(((GreenDuration)TimeSpan.FromMilliseconds(10)).Seconds, Is.EqualTo(0.01));
        Assert.That(((GreenDuration)TimeSpan.FromTicks(1)).Seconds, Is.EqualTo(1e-7));
        Assert.That(((GreenDuration)TimeSpan.MaxValue).Seconds, Is.EqualTo(TimeSpan.MaxValue.TotalSeconds));
        Assert.That(((GreenDuration)Timeout.InfiniteTimeSpan).IsInfinite, Is.True);
        Assert.That(default(GreenDuration), Is.EqualTo(GreenDuration.Zero));
    }

    [Test]
    public void ToTimeSpanRoundsToATickAndSaturates()
    {
        Assert.That(((GreenDuration)1.5).ToTimeSpan(), Is.EqualTo(TimeSpan.FromMilliseconds(1500)));
        Assert.That(((GreenDuration)1e-9).ToTimeSpan(), Is.EqualTo(TimeSpan.Zero));
        Assert.That(((GreenDuration)1e20).ToTimeSpan(), Is.EqualTo(TimeSpan.MaxValue));
        Assert.That(((GreenDuration)(-1e20)).ToTimeSpan(), Is.EqualTo(TimeSpan.MinValue));
        Assert.That(((GreenDuration)Timeout.InfiniteTimeSpan).ToTimeSpan(), Is.EqualTo(Timeout.InfiniteTimeSpan));
        Assert.That(((GreenDuration)TimeSpan.FromTicks(123_456_789)).ToTimeSpan(), Is.EqualTo(TimeSpan.FromTicks(123_456_789)));
        Assert.That(() => ((GreenDuration)double.NaN).ToTimeSpan(), Throws.InvalidOperationException);
    }

    [Test]
    public void ItReadsAsGeventNamesATimeoutsSeconds()
    {
        Assert.That(
            new GreenDuration[] { 1, 0.5, 2.5, 0.001, TimeSpan.FromMilliseconds(1), 0, -1 }.Select(d => d.ToString()),
            Is.EqualTo(new[] { "1 second", "0.5 seconds", "2.5 seconds", "0.001 seconds", "0.001 seconds", "0 seconds", "-1 seconds" }));
    }

    [Test]
    public void NaNIsRefusedWhereATimerWouldStartAsBefore()
    {
        Assert.That(() => new Event().Wait(timeout: double.NaN), Throws.TypeOf<ArgumentOutOfRangeException>());
        Assert.That(() => new GreenTimeout(double.NaN), Throws.TypeOf<ArgumentOutOfRangeException>());
        Assert.That(new Event().Wait(timeout: 0), Is.False, "zero does not wait, and starts no timer");
    }

    [Test]
    public void InfiniteTimeSpanWaitsAsLongAsItTakesAsNullDoes()
    {
        var g = Greenlet.Spawn(SleepThenAnswer, 5.0);
        Assert.That(g.Get(timeout: Timeout.InfiniteTimeSpan), Is.EqualTo(42));
        Assert.That(Now, Is.EqualTo(5));

        var log = new List<string>();
        var sleeper = Greenlet.Spawn(SleepForever, log);
        Greenlet.Sleep(1000);
        Assert.That((sleeper.IsDead, log), Is.EqualTo((false, new List<string>())));
        sleeper.Kill();
        Assert.That(sleeper.IsDead, Is.True);
        Assert.That(new GreenTimeout(Timeout.InfiniteTimeSpan).Seconds, Is.Null, "a timeout that never fires, as GreenTimeout(null)");
    }

    [Test]
    public void EveryWayOfWritingATimeoutCompilesAgainstOneParameterInPlainAndRewrittenCode()
    {
        string[] arguments =
        [
            "timeout: 1.5", "timeout: 2", "timeout: TimeSpan.FromMilliseconds(10)", "timeout: null", "timeout: seconds",
            "timeout: span", "timeout: 2.5f", "timeout: 3L",
        ];
        var calls = arguments.SelectMany(argument => new[] { $"queue.Get({argument})", $"ev.Wait({argument})", $"g.Join({argument})", $"g.Get({argument})" })
            .Concat(["Greenlet.Sleep(1.5)", "Greenlet.Sleep(2)", "Greenlet.Sleep(TimeSpan.FromMilliseconds(10))", "Greenlet.Sleep()"])
            .ToList();
        var body = string.Concat(calls.Select(call => $"        {call};\n"));
        var source = $$"""
            using System;
            using Greenlets;

            public static partial class Timeouts
            {
                public static void Plain(GreenQueue<int> queue, Event ev, Greenlet<int> g, double? seconds, TimeSpan? span)
                {
            {{body}}    }

                [Greenlet]
                public static void Rewritten(GreenQueue<int> queue, Event ev, Greenlet<int> g, double? seconds, TimeSpan? span)
                {
            {{body}}    }
            }
            """;

        var run = GeneratorHarness.Generate(source);
        var errors = run.AllDiagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Select(GeneratorRun.Format);
        Assert.That(errors, Is.Empty, source);

        var tree = run.Input.SyntaxTrees.Single();
        var model = run.Input.GetSemanticModel(tree);
        var bound = tree.GetRoot().DescendantNodes().OfType<InvocationExpressionSyntax>()
            .Select(call => (IMethodSymbol)model.GetSymbolInfo(call).Symbol!)
            .Where(method => method.ContainingNamespace.Name == "Greenlets")
            .Select(method => method.Parameters.LastOrDefault()?.Type.ToDisplayString())
            .Distinct();
        Assert.That(bound, Is.EquivalentTo(new[] { "Greenlets.GreenDuration?", "Greenlets.GreenDuration" }), "every call binds to the one GreenDuration form");

        var twin = string.Concat(run.Sources.Values);
        Assert.That(twin, Does.Contain("await Greenlet.SleepAwaitable(TimeSpan.FromMilliseconds(10))"));
        Assert.That(twin, Does.Contain("await queue.GetAwaitable(timeout: null)").And.Contain("await g.JoinAwaitable(timeout: span)"));
    }
}
