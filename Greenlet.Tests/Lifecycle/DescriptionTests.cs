namespace Greenlets.Tests.Lifecycle;

/// <summary>
/// A greenlet's text form shows the function it runs and the arguments it was spawned with, as gevent's repr does,
/// written the C# way: for plain delegates and [Greenlet] methods alike, including arguments the method never reads,
/// and in the line that reports a failure.
/// </summary>
/// <remarks>
/// The Python, run with /usr/bin/python3 (gevent 22.10.2):
/// <code>
/// def fail(a, b):
///     gevent.sleep(0)
///     raise ValueError('boom')
/// def unread(a, b, c):
///     gevent.sleep(0)
/// class Jobs:
///     def work(self, name, n):
///         gevent.sleep(0)
/// g = gevent.spawn(fail, 1, 'two')
/// print(g)
/// print(gevent.spawn(unread, None, True, 1.5))
/// print(gevent.spawn(Jobs().work, 'steve', 3))
/// print(gevent.spawn(lambda x: x + 1, 2))
/// print(gevent.spawn(unread, 'x' * 60, 'it\'s "q"\n', 0))
/// gevent.sleep(0)
/// g.join()
/// done = gevent.spawn(unread, 1, 2, 3)
/// done.join()
/// print(done)
/// </code>
/// printed (addresses elided; the traceback went before the failure line, on stderr)
/// <code>
/// &lt;Greenlet at 0x…: fail(1, 'two')&gt;
/// &lt;Greenlet at 0x…: unread(None, True, 1.5)&gt;
/// &lt;Greenlet at 0x…: &lt;bound method Jobs.work of &lt;__main__.Jobs object at 0x…&gt;&gt;('steve', 3)&gt;
/// &lt;Greenlet at 0x…: &lt;lambda&gt;(2)&gt;
/// &lt;Greenlet at 0x…: unread('xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx, 'it\'s "q"\n', 0)&gt;
/// 2026-12-04T16:50:11Z &lt;Greenlet at 0x…: fail(1, 'two')&gt; failed with ValueError
/// &lt;Greenlet at 0x…: _run&gt;
/// </code>
/// Each argument is cut at 50 characters, as gevent cuts its repr. A greenlet that has finished has released its
/// arguments, as gevent's has; gevent then shows <c>_run</c>, and here the function alone is shown.
/// </remarks>
[Category(TestCategories.Unit)]
public sealed partial class DescriptionTests : HubTestBase
{
    private static string Fail(int a, string b) => throw new InvalidOperationException("boom");

    [Greenlet]
    private static void FailLater(int a, string b)
    {
        Greenlet.Sleep(0);
        throw new InvalidOperationException("boom");
    }

    [Greenlet]
    private static void Unread(object? a, bool b, double c) => Greenlet.Sleep(0);

    [Greenlet]
    private static int ReadsOnlyInALambda(int a, int b)
    {
        Func<int> sum = () => a + b;
        Greenlet.Sleep(0);
        return sum();
    }

    private sealed partial class Jobs
    {
        [Greenlet]
        public void Work(string name, int n) => Greenlet.Sleep(0);
    }

    private static string Line(Greenlet g, string function) => $"<Greenlet \"{g.Name}\": {function}>";

    [Test]
    public void APlainDelegateShowsItsArgumentsAndSoDoesItsFailureLine()
    {
        var g = Greenlet.Spawn(Fail, 1, "two");

        Assert.That(g.ToString(), Is.EqualTo(Line(g, "DescriptionTests.Fail(1, \"two\")")));
        g.Join();
        Assert.That(Errors.ToString(), Does.Contain(Line(g, "DescriptionTests.Fail(1, \"two\")") + " failed with InvalidOperationException"));
    }

    [Test]
    public void AGreenletMethodShowsEveryArgumentIncludingOnesItNeverReads()
    {
        var failing = Greenlet.Spawn(FailLater, 1, "two");
        var unread = Greenlet.Spawn(Unread, (object?)null, true, 1.5);
        var captured = Greenlet.Spawn(ReadsOnlyInALambda, 4, 5);

        Assert.That(failing.ToString(), Is.EqualTo(Line(failing, "DescriptionTests.FailLater(1, \"two\")")));
        Assert.That(unread.ToString(), Is.EqualTo(Line(unread, "DescriptionTests.Unread(null, true, 1.5)")));
        Assert.That(captured.ToString(), Is.EqualTo(Line(captured, "DescriptionTests.ReadsOnlyInALambda(4, 5)")));
        Greenlet.Sleep(0);
        Assert.That(unread.ToString(), Is.EqualTo(Line(unread, "DescriptionTests.Unread(null, true, 1.5)")), "while suspended too");
        Greenlet.JoinAll(failing, unread, captured);
        Assert.That(Errors.ToString(), Does.Contain(Line(failing, "DescriptionTests.FailLater(1, \"two\")") + " failed with InvalidOperationException"));
    }

    [Test]
    public void AnInstanceMethodAndALambdaAreNamedTheCSharpWay()
    {
        var work = Greenlet.Spawn(new Jobs().Work, "steve", 3);
        var lambda = Greenlet.Spawn(x => x + 1, 2);

        Assert.That(work.ToString(), Is.EqualTo(Line(work, "Jobs.Work(\"steve\", 3)")));
        Assert.That(lambda.ToString(), Is.EqualTo(Line(lambda, "<lambda>(2)")));
        Greenlet.JoinAll(work, lambda);
    }

    [Test]
    public void ArgumentsAreWrittenAsCSharpLiteralsAndCutAt50Characters()
    {
        var g = Greenlet.Spawn(Unread, (object?)new string('x', 60), false, 0.0);
        var quoted = Greenlet.Spawn(Unread, (object?)"it's \"q\"\n", true, -2.5);
        var others = Greenlet.Spawn(Unread, (object?)DayOfWeek.Monday, true, 1e20);
        var typed = Greenlet.Spawn(Unread, (object?)new List<int> { 1, 2 }, true, 0.1);

        Assert.That(g.ToString(), Is.EqualTo(Line(g, $"DescriptionTests.Unread(\"{new string('x', 49)}, false, 0)")));
        Assert.That(quoted.ToString(), Is.EqualTo(Line(quoted, "DescriptionTests.Unread(\"it's \\\"q\\\"\\n\", true, -2.5)")));
        Assert.That(others.ToString(), Is.EqualTo(Line(others, "DescriptionTests.Unread(DayOfWeek.Monday, true, 1E+20)")));
        Assert.That(typed.ToString(), Is.EqualTo(Line(typed, "DescriptionTests.Unread(List<Int32>, true, 0.1)")));
        Greenlet.JoinAll(g, quoted, others, typed);
    }

    [Test]
    public void AFinishedGreenletHasReleasedItsArgumentsAndShowsItsFunctionAlone()
    {
        var method = Greenlet.Spawn(Unread, (object?)1, true, 3.0);
        var plain = Greenlet.Spawn(Fail, 1, "two");

        Greenlet.JoinAll(method, plain);

        Assert.That(method.ToString(), Is.EqualTo(Line(method, "DescriptionTests.Unread")));
        Assert.That(plain.ToString(), Is.EqualTo(Line(plain, "DescriptionTests.Fail")));
    }
}
