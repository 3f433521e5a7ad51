namespace Greenlets.Tests.Lifecycle;

/// <summary>
/// Spawns given a delegate the interceptors did not see find the twin through the registry the generator writes
/// (what native AOT relies on), and through reflection where the generator could not register it.
/// </summary>
[Category(TestCategories.Unit)]
public sealed partial class TwinRegistryTests : HubTestBase
{
    [Greenlet]
    public static int Twice(int value)
    {
        Greenlet.Sleep(0);
        return value * 2;
    }

    [Greenlet]
    public void Append(string text)
    {
        Greenlet.Sleep(0);
        Log.Add(text);
    }

    private sealed partial class Hidden
    {
        [Greenlet]
        public static int Negate(int value)
        {
            Greenlet.Sleep(0);
            return -value;
        }

        private sealed partial class Deeper
        {
            [Greenlet]
            public static int Square(int value)
            {
                Greenlet.Sleep(0);
                return value * value;
            }
        }

        public static Func<int, int> DeeperSquare => Deeper.Square;

        public static Type DeeperType => typeof(Deeper);
    }

    [Test]
    public void TheGeneratorRegistersTheTwinsOfAVisibleType()
    {
        var registration = TwinRegistry.Find(typeof(TwinRegistryTests));
        Func<int, int> twice = Twice;
        Action<string> append = Append;

        Assert.That(registration, Is.Not.Null);
        Assert.That(registration!.Resolve(twice.Method)?.Invoke(null), Is.InstanceOf<Func<int, GreenTask<int>>>());
        Assert.That(registration.Resolve(append.Method)?.Invoke(this), Is.InstanceOf<Func<string, GreenTask>>());
        Assert.That(registration.Resolve(typeof(TwinRegistryTests).GetMethod(nameof(TheGeneratorRegistersTheTwinsOfAVisibleType))!), Is.Null);
    }

    [Test]
    public void DelegateSpawnsOfRegisteredTwinsRunCooperatively()
    {
        Func<int, int> twice = Twice; // a variable: no call site to redirect at compile time
        Action<string> append = Append;
        var first = Greenlet.Spawn(twice, 21);
        var second = Greenlet.Spawn(append, "appended");
        Greenlet.Sleep(0);

        // Both ran to their Sleep(0) and are suspended there: their twins run, not the plain bodies.
        Assert.That(first.IsReady, Is.False);
        Assert.That(Log, Is.Empty);
        Greenlet.JoinAll(first, second);
        Assert.That(first.Value, Is.EqualTo(42));
        Assert.That(Log, Is.EqualTo(new[] { "appended" }));
    }

    [Test]
    public void APrivateNestedTypeIsRegisteredByItsParent()
    {
        Func<int, int> negate = Hidden.Negate;

        var registration = TwinRegistry.Find(typeof(Hidden));
        Assert.That(registration, Is.Not.Null, "the parent's module initializer registers it");
        Assert.That(registration!.Resolve(negate.Method)?.Invoke(null), Is.InstanceOf<Func<int, GreenTask<int>>>());
        var greenlet = Greenlet.Spawn(negate, 5);
        Greenlet.Sleep(0);
        Assert.That(greenlet.IsReady, Is.False, "suspended at its Sleep(0): the twin runs");
        Assert.That(greenlet.Get(), Is.EqualTo(-5));
    }

    [Test]
    public void APrivateTypeInsideAPrivateTypeIsNotRegisteredAndIsFoundByReflection()
    {
        var square = Hidden.DeeperSquare;

        Assert.That(TwinRegistry.Find(Hidden.DeeperType), Is.Null);
        var greenlet = Greenlet.Spawn(square, 5);
        Greenlet.Sleep(0);
        Assert.That(greenlet.IsReady, Is.False, "suspended at its Sleep(0): the twin runs");
        Assert.That(greenlet.Get(), Is.EqualTo(25));
    }
}
