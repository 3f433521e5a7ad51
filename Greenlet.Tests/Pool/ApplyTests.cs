namespace Greenlets.Tests.Pools;

/// <summary>Apply (in place from a member, in a new member otherwise) and ApplyAsGreenlet (never waits; optional callback).</summary>
[Category(TestCategories.Unit)]
public sealed partial class ApplyTests : HubTestBase
{
    [Greenlet]
    public static int Times10(int x)
    {
        Greenlet.Sleep(0.5);
        return x * 10;
    }

    [Greenlet]
    public static int Fail(int x)
    {
        Greenlet.Sleep(0.5);
        throw new InvalidOperationException($"fail {x}");
    }

    [Greenlet] public static int Zero() { Greenlet.Sleep(0); return 0; }
    [Greenlet] public static int Two(int a, int b) { Greenlet.Sleep(0); return a + b; }
    [Greenlet] public static int Three(int a, int b, int c) { Greenlet.Sleep(0); return a + b + c; }
    [Greenlet] public void Note(string text) { Greenlet.Sleep(0); Log.Add(text); }
    [Greenlet] public void NoteNothing() { Greenlet.Sleep(0); Log.Add("nothing"); }

    [Greenlet]
    public int Inner(Pool pool, int x)
    {
        Log.Add($"inner in pool {pool.Contains(Greenlet.Current)}");
        Greenlet.Sleep(0);
        return x * 10;
    }

    [Greenlet]
    public int Outer(Pool pool, int x)
    {
        Log.Add($"outer in pool {pool.Contains(Greenlet.Current)}");
        var before = Greenlet.Current;
        var result = pool.Apply(Inner, pool, x);
        Log.Add($"same greenlet {ReferenceEquals(before, Greenlet.Current)}");
        return result;
    }

    [Greenlet]
    public string ApplyEveryArityInsideAGreenlet(Pool pool)
    {
        pool.Apply(NoteNothing);
        pool.Apply(Note, "one");
        return $"{pool.Apply(Zero)} {pool.Apply(Times10, 1)} {pool.Apply(Two, 1, 2)} {pool.Apply(Three, 1, 2, 3)}";
    }

    [Greenlet]
    public string ApplyAFailureInsideAGreenlet(Pool pool)
    {
        try
        {
            return $"{pool.Apply(Fail, 7)}";
        }
        catch (InvalidOperationException failure)
        {
            return failure.Message;
        }
    }

    [Greenlet]
    public Greenlet<int> ApplyAsyncInsideAGreenlet(Pool pool) => pool.ApplyAsGreenlet(Times10, 4);

    [Greenlet]
    public void CooperativeCallback(int value)
    {
        Greenlet.Sleep(1);
        Log.Add($"cooperative callback {value}");
    }

    [Test]
    public void ApplyFromOutsideRunsInANewMember()
    {
        var pool = new Pool(1);

        Assert.That(pool.Apply(Times10, 3), Is.EqualTo(30));
        Assert.That(Now, Is.EqualTo(0.5));
        Assert.That(pool.Apply(x => x + 1, 3), Is.EqualTo(4), "a plain function runs as plain code");
    }

    [Test]
    public void ApplyFromAMemberRunsInPlaceEvenWhenThePoolIsFull()
    {
        var pool = new Pool(1);

        var outer = pool.Spawn(Outer, pool, 4);

        Assert.That(outer.Get(), Is.EqualTo(40));
        Assert.That(Log, Is.EqualTo(new[] { "outer in pool True", "inner in pool True", "same greenlet True" }));
    }

    [Test]
    public void PlainApplyFromAMemberRunsInPlace()
    {
        var pool = new Pool(1);
#pragma warning disable GRN0202 // Apply from a member of the same pool runs in place, without suspending: that is what this test checks
        var member = pool.Spawn(() => pool.Apply(x => x * 2, 21));
#pragma warning restore GRN0202

        Assert.That(member.Get(), Is.EqualTo(42));
    }

    [Test]
    public void ApplyRethrowsTheFailure()
    {
        var pool = new Pool(1);

        var failure = Assert.Throws<InvalidOperationException>(() => pool.Apply(Fail, 7));

        Assert.That(failure!.Message, Is.EqualTo("fail 7"));
        Assert.That(failure.StackTrace, Does.Contain(nameof(Fail)));
        Assert.That(Greenlet.Spawn(ApplyAFailureInsideAGreenlet, pool).Get(), Is.EqualTo("fail 7"));
    }

    [Test]
    public void ApplyEveryArityFromPlainAndRewrittenCode()
    {
        var pool = new Pool(2);

        pool.Apply(NoteNothing);
        pool.Apply(Note, "one");
        Assert.That((pool.Apply(Zero), pool.Apply(Two, 1, 2), pool.Apply(Three, 1, 2, 3)), Is.EqualTo((0, 3, 6)));
        Assert.That(Greenlet.Spawn(ApplyEveryArityInsideAGreenlet, pool).Get(), Is.EqualTo("0 10 3 6"));
        Assert.That(Log, Is.EqualTo(new[] { "nothing", "one", "nothing", "one" }));
    }

    [Test]
    public void ApplyAsyncSpawnsAMemberWhenThereIsRoom()
    {
        var pool = new Pool(2);

        var g = pool.ApplyAsGreenlet(Times10, 2);
        var action = pool.ApplyAsGreenlet(Note, "applied");

        Assert.That(pool, Is.EqualTo(new Greenlet[] { g, action }));
        Assert.That(g.Get(), Is.EqualTo(20));
        action.Join();
        Assert.That(Log, Is.EqualTo(new[] { "applied" }));
        Assert.That(Greenlet.Spawn(ApplyAsyncInsideAGreenlet, pool).Get().Get(), Is.EqualTo(40));
    }

    [Test]
    public void ApplyAsyncNeverWaitsOnAFullPool()
    {
        var pool = new Pool(1);
        var first = pool.Spawn(Times10, 1);

        var helper = pool.ApplyAsGreenlet(Times10, 2);
        var actionHelper = pool.ApplyAsGreenlet(Note, "late");

        Assert.That(Now, Is.Zero);
        Assert.That(pool.Contains(helper) || pool.Contains(actionHelper), Is.False, "the helpers are not members");
        Assert.That(helper.Get(), Is.EqualTo(20));
        Assert.That(Now, Is.EqualTo(1), "it waited for the first member to leave");
        actionHelper.Join();
        Assert.That(Log, Is.EqualTo(new[] { "late" }));
        Assert.That(first.Get(), Is.EqualTo(10));
    }

    [TestCase(1)]
    [TestCase(2)]
    public void ApplyAsyncCallsTheCallbackOnlyOnSuccess(int size)
    {
        var pool = new Pool(size);
        pool.Spawn(Times10, 0);

        var ok = pool.ApplyAsGreenlet(Times10, 1, v => Log.Add($"callback {v}"));
        var failed = pool.ApplyAsGreenlet(Fail, 2, v => Log.Add($"callback {v}"));
        Greenlet.JoinAll(ok, failed);
        Greenlet.Sleep(0);

        Assert.That(Log, Is.EqualTo(new[] { "callback 10" }));
        Assert.That(failed.Exception, Is.TypeOf<InvalidOperationException>());
    }

    [Test]
    public void AFailingCallbackIsReportedAndTheResultStands()
    {
        var pool = new Pool(2);

        var g = pool.ApplyAsGreenlet(Times10, 1, _ => throw new FormatException("callback broke"));
        Assert.That(g.Get(), Is.EqualTo(10));
        Greenlet.Sleep(0);

        Assert.That(Errors.ToString(), Does.Contain("callback broke"));
        Assert.That(g.IsSuccessful, Is.True);
    }

    [TestCase(1)]
    [TestCase(2)]
    public void AGreenletCallbackRunsCooperatively(int size)
    {
        var pool = new Pool(size);
        pool.Spawn(Times10, 0);

        var g = pool.ApplyAsGreenlet(Times10, 3, CooperativeCallback);
        g.Join();
        Greenlet.Sleep(2);

        Assert.That(Log, Is.EqualTo(new[] { "cooperative callback 30" }));
        Assert.That(Errors.ToString(), Is.Empty);
    }
}
