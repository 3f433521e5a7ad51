namespace Greenlets.Tests.Timeouts;

/// <summary>
/// The timeouts that waits raise, and those made by hand, say what gevent's say: <c>str(t)</c> is the message, and
/// <c>t.seconds</c> is <see cref="GreenTimeout.Seconds"/>.
/// </summary>
/// <remarks>
/// The Python, run with /usr/bin/python3 (gevent 22.10.2):
/// <code>
/// import gevent
/// from gevent import Timeout
/// from gevent.event import AsyncResult
/// g = gevent.spawn(gevent.sleep, 10)
/// a = AsyncResult()
/// for label, call in [('g.get(block=False)', lambda: g.get(block=False)),
///                     ('g.get(timeout=0.001)', lambda: g.get(timeout=0.001)),
///                     ('g.get(timeout=1)', lambda: g.get(timeout=1)),
///                     ('g.get(timeout=2.5)', lambda: g.get(timeout=2.5)),
///                     ('a.get(block=False)', lambda: a.get(block=False)),
///                     ('a.get_nowait()', a.get_nowait),
///                     ('a.get(timeout=0.5)', lambda: a.get(timeout=0.5))]:
///     try:
///         call()
///     except Timeout as t:
///         print('%s: %r seconds=%s' % (label, str(t), t.seconds))
/// for label, t in [('Timeout()', Timeout()), ('Timeout(None)', Timeout(None)), ('Timeout(0)', Timeout(0)),
///                  ('Timeout(1)', Timeout(1)), ('Timeout(2)', Timeout(2)), ('Timeout(0.5)', Timeout(0.5)),
///                  ("Timeout(1, ValueError('too slow'))", Timeout(1, ValueError('too slow'))),
///                  ('Timeout(None, ValueError)', Timeout(None, ValueError))]:
///     print('%s: %r' % (label, str(t)))
/// try:
///     with Timeout(0.5):
///         gevent.sleep(1)
/// except Timeout as t:
///     print(t)
/// g.kill()
/// </code>
/// It printed:
/// <code>
/// g.get(block=False): '' seconds=None
/// g.get(timeout=0.001): '0.001 seconds' seconds=0.001
/// g.get(timeout=1): '1 second' seconds=1
/// g.get(timeout=2.5): '2.5 seconds' seconds=2.5
/// a.get(block=False): '' seconds=None
/// a.get_nowait(): '' seconds=None
/// a.get(timeout=0.5): '0.5 seconds' seconds=0.5
/// Timeout(): ''
/// Timeout(None): ''
/// Timeout(0): '0 seconds'
/// Timeout(1): '1 second'
/// Timeout(2): '2 seconds'
/// Timeout(0.5): '0.5 seconds'
/// Timeout(1, ValueError('too slow')): '1 second: too slow'
/// Timeout(None, ValueError): ''
/// 0.5 seconds
/// </code>
/// An exception to raise is an instance in C#, and the message names its type before its text, as .NET's
/// <c>Exception.ToString()</c> heads it (gevent's names the class only when given the class).
/// </remarks>
[Category(TestCategories.Unit)]
public sealed partial class TimeoutMessageTests : HubTestBase
{
    [Greenlet]
    private static void SleepLong() => Greenlet.Sleep(10);

    [Greenlet]
    private static string GetFromAGreenlet(Greenlet<int> target, double timeout)
    {
        try
        {
            target.Get(timeout: timeout);
            return "no timeout";
        }
        catch (GreenTimeout t)
        {
            return Describe(t);
        }
    }

    [Greenlet]
    private static int Forty() => 40;

    private static string Describe(GreenTimeout t) =>
        $"'{t.Message}' seconds={(t.Seconds is { } s ? s.ToString(System.Globalization.CultureInfo.InvariantCulture) : "None")}";

    private static string Raised(Action wait) => Describe(Assert.Throws<GreenTimeout>(() => wait())!);

    [Test]
    public void WaitsOnAGreenletRaiseTimeoutsWordedAsGevents()
    {
        var g = Greenlet.Spawn(SleepLong);
        var lines = new[]
        {
            $"g.get(block=False): {Raised(() => g.Get(block: false))}",
            $"g.get(timeout=0.001): {Raised(() => g.Get(timeout: 0.001))}",
            $"g.get(timeout=1): {Raised(() => g.Get(timeout: 1))}",
            $"g.get(timeout=2.5): {Raised(() => g.Get(timeout: 2.5))}",
        };

        Assert.That(lines, Is.EqualTo(new[]
        {
            "g.get(block=False): '' seconds=None",
            "g.get(timeout=0.001): '0.001 seconds' seconds=0.001",
            "g.get(timeout=1): '1 second' seconds=1",
            "g.get(timeout=2.5): '2.5 seconds' seconds=2.5",
        }));
    }

    [Test]
    public void ATypedGreenletsGetFromAnotherGreenletNamesItsTimeoutToo()
    {
        var target = Greenlet.SpawnLater(5, Forty);
        var waiter = Greenlet.Spawn(GetFromAGreenlet, target, 0.001);

        Assert.That(waiter.Get(), Is.EqualTo("'0.001 seconds' seconds=0.001"));
        Assert.That(Raised(() => target.Get(block: false)), Is.EqualTo("'' seconds=None"));
        Assert.That(target.Get(), Is.EqualTo(40));
    }

    [Test]
    public void WaitsOnAnAsyncResultRaiseTimeoutsWordedAsGevents()
    {
        var a = new AsyncResult<int>();
        var lines = new[]
        {
            $"a.get(block=False): {Raised(() => a.Get(block: false))}",
            $"a.get_nowait(): {Raised(() => a.GetNowait())}",
            $"a.get(timeout=0.5): {Raised(() => a.Get(timeout: 0.5))}",
        };

        Assert.That(lines, Is.EqualTo(new[]
        {
            "a.get(block=False): '' seconds=None",
            "a.get_nowait(): '' seconds=None",
            "a.get(timeout=0.5): '0.5 seconds' seconds=0.5",
        }));
    }

    [Test]
    public void TimeoutsMadeByHandSayTheirDuration()
    {
        Assert.That(new GreenTimeout().Message, Is.Empty);
        Assert.That(new GreenTimeout(null).Message, Is.Empty);
        Assert.That(new GreenTimeout(0).Message, Is.EqualTo("0 seconds"));
        Assert.That(new GreenTimeout(1).Message, Is.EqualTo("1 second"));
        Assert.That(new GreenTimeout(2).Message, Is.EqualTo("2 seconds"));
        Assert.That(new GreenTimeout(0.5).Message, Is.EqualTo("0.5 seconds"));
        Assert.That(new GreenTimeout(TimeSpan.FromMilliseconds(1500)).Message, Is.EqualTo("1.5 seconds"));
        Assert.That(new GreenTimeout(null, new InvalidOperationException("too slow")).Message, Is.Empty);
    }

    [Test]
    public void ATimeoutWithAnExceptionNamesItsTypeAndMessage()
    {
        var timeout = new GreenTimeout(1, new InvalidOperationException("too slow"));

        Assert.That(timeout.Message, Is.EqualTo("1 second: System.InvalidOperationException: too slow"));
        Assert.That(timeout.ToString(), Is.EqualTo("Greenlets.GreenTimeout: 1 second: System.InvalidOperationException: too slow"));
    }

    [Test]
    public void ACaughtTimeoutPrintsItsDuration()
    {
        var caught = Assert.Throws<GreenTimeout>(() =>
        {
            using (GreenTimeout.StartNew(0.5))
            {
                Greenlet.Sleep(1);
            }
        })!;

        Assert.That(caught.Message, Is.EqualTo("0.5 seconds"));
        Assert.That(caught.ToString(), Does.StartWith("Greenlets.GreenTimeout: 0.5 seconds" + Environment.NewLine + "   at "));
        Assert.That(Raised(() => Greenlet.Spawn(SleepLong).Get(block: false)), Is.EqualTo("'' seconds=None"));
        Assert.That(new GreenTimeout().ToString(), Is.EqualTo("Greenlets.GreenTimeout"), "no message: the type alone, as gevent's traceback shows 'Timeout'");
    }
}
