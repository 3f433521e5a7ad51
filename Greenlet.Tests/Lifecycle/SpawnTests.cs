namespace Greenlets.Tests.Lifecycle;

/// <summary>Spawn reaches the rewritten form for every arity, with type inference, and plain delegates still run.</summary>
[Category(TestCategories.Unit)]
public sealed partial class SpawnTests : HubTestBase
{
    [Greenlet] public static int Zero() { Greenlet.Sleep(0); return 0; }
    [Greenlet] public static int One(int a) { Greenlet.Sleep(0); return a; }
    [Greenlet] public static int Two(int a, int b) { Greenlet.Sleep(0); return a + b; }
    [Greenlet] public static int Three(int a, int b, int c) { Greenlet.Sleep(0); return a + b + c; }
    [Greenlet] public static int Four(int a, int b, int c, int d) { Greenlet.Sleep(0); return a + b + c + d; }
    [Greenlet] public static string Five(int a, string b, int c, string d, int e) { Greenlet.Sleep(0); return $"{a}{b}{c}{d}{e}"; }
    [Greenlet] public static int Six(int a, int b, int c, int d, int e, int f) { Greenlet.Sleep(0); return a + b + c + d + e + f; }

    [Greenlet]
    public void Record(string text)
    {
        Greenlet.Sleep(0);
        Log.Add(text);
    }

    [Greenlet]
    public static T Identity<T>(T value)
    {
        Greenlet.Sleep(0);
        return value;
    }

    [Test]
    public void EveryArityRunsTheRewrittenMethod()
    {
        var results = new Greenlet<int>[] { Greenlet.Spawn(Zero), Greenlet.Spawn(One, 1), Greenlet.Spawn(Two, 1, 2), Greenlet.Spawn(Three, 1, 2, 3), Greenlet.Spawn(Four, 1, 2, 3, 4), Greenlet.Spawn(Six, 1, 2, 3, 4, 5, 6) };
        var five = Greenlet.Spawn(Five, 1, "b", 3, "d", 5);

        Greenlet.JoinAll(results.Append<Greenlet>(five));

        Assert.That(results.Select(g => g.Value), Is.EqualTo(new[] { 0, 1, 3, 6, 10, 21 }));
        Assert.That(five.Value, Is.EqualTo("1b3d5"));
        Assert.That(results.Concat<Greenlet>([five]).All(g => g.IsSuccessful), Is.True);
    }

    [Test]
    public void InstanceAndGenericMethodsAndDelegateVariables()
    {
        var instance = Greenlet.Spawn(Record, "from instance");
        var generic = Greenlet.Spawn(Identity, 4.5);
        Func<int, int> stored = One; // not a method group at the spawn site: found by reflection
        var viaVariable = Greenlet.Spawn(stored, 9);

        Greenlet.JoinAll(instance, generic, viaVariable);

        Assert.That(Log, Is.EqualTo(new[] { "from instance" }));
        Assert.That(generic.Value, Is.EqualTo(4.5));
        Assert.That(viaVariable.Value, Is.EqualTo(9));
    }

    [Test]
    public void LambdaRunsAsPlainCode()
    {
        var g = Greenlet.Spawn(x => x + 1, 2);

        Assert.That(g.Get(), Is.EqualTo(3));
        Assert.That(g.ToString(), Does.Contain("<lambda>"));
    }

    [Test]
    public void SpawnLaterStartsAfterTheDelay()
    {
        var g = Greenlet.SpawnLater(2.5, One, 7);
        Assert.That(g.IsStarted, Is.True);
        Greenlet.Sleep(2);
        Assert.That(g.IsReady, Is.False);

        Assert.That(g.Get(), Is.EqualTo(7));
        Assert.That(Now, Is.EqualTo(2.5));
    }

    [Test]
    public void SpawnedGreenletKnowsItsParentWhileAlive()
    {
        var g = Greenlet.Spawn(One, 1);
        Assert.That(g.SpawningGreenlet, Is.SameAs(Hub.MainGreenlet));
        g.Join();
        Assert.That(g.SpawningGreenlet, Is.Null, "cleared at death so spawn chains do not keep each other alive");
    }

    [Test]
    public void NamesAndIdsAreStableAndSettable()
    {
        var a = Greenlet.Spawn(One, 1);
        var b = Greenlet.Spawn(One, 2);
        Assert.That(a.Id, Is.LessThan(b.Id));
        Assert.That(a.Name, Is.EqualTo($"Greenlet-{a.Id}"));
        b.Name = "worker";
        Assert.That(b.ToString(), Is.EqualTo("<Greenlet \"worker\": SpawnTests.One(2)>"));
        Greenlet.JoinAll(a, b);
    }
}
