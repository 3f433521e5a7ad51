namespace Greenlets.Tests.Lifecycle;

/// <summary>
/// <c>JoinAll(..., raiseError: true)</c> raises the first failure as soon as it happens, while the other greenlets
/// still run, and counts only the first <c>count</c> to finish, exactly as gevent's <c>joinall</c> does.
/// </summary>
/// <remarks>
/// The Python, run with /usr/bin/python3 (gevent 22.10.2):
/// <code>
/// import gevent
/// log = []
/// def work(name, seconds, fail):
///     gevent.sleep(seconds)
///     log.append('%s done' % name)
///     if fail:
///         raise ValueError(name)
///     return name
/// def spinner():
///     for i in range(4):
///         log.append('spin %d' % i)
///         gevent.sleep(0)
/// def case(label, gs, **kw):
///     del log[:]
///     try:
///         done = gevent.joinall(gs, raise_error=True, **kw)
///         log.append('joinall returned %s' % [g.value for g in done])
///     except ValueError as e:
///         log.append('joinall raised %s' % e)
///     log.append('dead: %s' % ''.join('x' if g.dead else '.' for g in gs))
///     gevent.joinall(gs)
///     print(label + ': ' + ' / '.join(log))
/// case('early', [gevent.spawn(work, 'a', 1, False), gevent.spawn(work, 'b', 2, True), gevent.spawn(work, 'c', 3, False), gevent.spawn(work, 'd', 4, True)])
/// case('spinning', [gevent.spawn(work, 'a', 0, True), gevent.spawn(spinner), gevent.spawn(work, 'c', 1, False)])
/// g = gevent.spawn(work, 'pre', 0, True); gevent.sleep(0.1)
/// case('failed before the call', [gevent.spawn(work, 'c', 1, False), g])
/// case('same tick', [gevent.spawn(work, 'a', 1, False), gevent.spawn(work, 'b', 1, True), gevent.spawn(work, 'c', 2, False)])
/// case('count reached first', [gevent.spawn(work, 'a', 1, False), gevent.spawn(work, 'b', 2, True)], count=1)
/// case('count, same tick', [gevent.spawn(work, 'a', 1, False), gevent.spawn(work, 'b', 1, True)], count=1)
/// case('timeout first', [gevent.spawn(work, 'a', 1, False), gevent.spawn(work, 'b', 3, True)], timeout=2)
/// </code>
/// It printed (each failure's traceback, on stderr, left out):
/// <code>
/// early: a done / b done / joinall raised b / dead: xx.. / c done / d done
/// spinning: spin 0 / a done / spin 1 / joinall raised a / dead: x.. / spin 2 / spin 3 / c done
/// failed before the call: joinall raised pre / dead: .x / c done
/// same tick: a done / b done / joinall raised b / dead: xx. / c done
/// count reached first: a done / joinall returned ['a'] / dead: x. / b done
/// count, same tick: a done / b done / joinall returned ['a'] / dead: xx
/// timeout first: a done / joinall returned ['a'] / dead: x. / b done
/// </code>
/// Without raise_error, a count still caps what is returned:
/// <code>
/// def work(name, seconds):
///     gevent.sleep(seconds)
///     return name
/// gs = [gevent.spawn(work, 'a', 1), gevent.spawn(work, 'b', 1), gevent.spawn(work, 'c', 2)]
/// print([g.value for g in gevent.joinall(gs, count=1)])   # ['a']
/// print([g.value for g in gevent.joinall(gs, count=2)])   # ['a', 'b']
/// </code>
/// </remarks>
[Category(TestCategories.Unit)]
public sealed partial class JoinAllRaiseErrorTests : HubTestBase
{
    [Greenlet]
    private string Work(string name, double seconds, bool fail)
    {
        Greenlet.Sleep(seconds);
        Log.Add($"{name} done");
        return fail ? throw new InvalidOperationException(name) : name;
    }

    [Greenlet]
    private void Spinner()
    {
        for (var i = 0; i < 4; i++)
        {
            Log.Add($"spin {i}");
            Greenlet.Sleep(0);
        }
    }

    private Greenlet W(string name, double seconds, bool fail) => Greenlet.Spawn(Work, name, seconds, fail);

    private string Case(Greenlet[] greenlets, double? timeout = null, int? count = null)
    {
        Log.Clear();
        try
        {
            var done = Greenlet.JoinAll(greenlets, timeout, raiseError: true, count);
            Log.Add($"joinall returned [{string.Join(", ", done.Select(g => $"'{g.ValueObject}'"))}]");
        }
        catch (InvalidOperationException e)
        {
            Log.Add($"joinall raised {e.Message}");
        }

        Log.Add($"dead: {string.Concat(greenlets.Select(g => g.IsDead ? 'x' : '.'))}");
        Greenlet.JoinAll(greenlets);
        return string.Join(" / ", Log);
    }

    [Test]
    public void TheFirstFailureIsRaisedAsSoonAsItHappens()
    {
        Assert.That(
            Case([W("a", 1, false), W("b", 2, true), W("c", 3, false), W("d", 4, true)]),
            Is.EqualTo("a done / b done / joinall raised b / dead: xx.. / c done / d done"));
        Assert.That(Now, Is.EqualTo(4), "the others ran on after the raise, at their own times");
    }

    [Test]
    public void TheRaiseComesWhereGeventsDoesAmongOtherGreenlets()
    {
        Assert.That(
            Case([W("a", 0, true), Greenlet.Spawn(Spinner), W("c", 1, false)]),
            Is.EqualTo("spin 0 / a done / spin 1 / joinall raised a / dead: x.. / spin 2 / spin 3 / c done"));
    }

    [Test]
    public void AGreenletThatFailedBeforeTheCallIsRaisedAtOnce()
    {
        var failed = W("pre", 0, true);
        Greenlet.Sleep(0.1);

        Assert.That(Case([W("c", 1, false), failed]), Is.EqualTo("joinall raised pre / dead: .x / c done"));
    }

    [Test]
    public void AFailureInTheSamePassAsASuccessIsRaised()
    {
        Assert.That(
            Case([W("a", 1, false), W("b", 1, true), W("c", 2, false)]),
            Is.EqualTo("a done / b done / joinall raised b / dead: xx. / c done"));
    }

    [Test]
    public void OnlyTheFirstCountToFinishCount()
    {
        Assert.That(Case([W("a", 1, false), W("b", 2, true)], count: 1), Is.EqualTo("a done / joinall returned ['a'] / dead: x. / b done"));
        Assert.That(Case([W("a", 1, false), W("b", 1, true)], count: 1), Is.EqualTo("a done / b done / joinall returned ['a'] / dead: xx"));
    }

    [Test]
    public void ATimeoutBeforeTheFailureReturnsWhatFinished()
    {
        Assert.That(Case([W("a", 1, false), W("b", 3, true)], timeout: 2), Is.EqualTo("a done / joinall returned ['a'] / dead: x. / b done"));
    }

    [Test]
    public void AWaitWithoutRaisingReturnsAtMostCount()
    {
        var greenlets = new[] { W("a", 1, false), W("b", 1, false), W("c", 2, false) };

        Assert.That(Greenlet.JoinAll(greenlets, count: 1).Select(g => g.ValueObject), Is.EqualTo(new[] { "a" }));
        Assert.That(Greenlet.Wait(greenlets, count: 2).Select(g => g.ValueObject), Is.EqualTo(new[] { "a", "b" }));
    }
}
