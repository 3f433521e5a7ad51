using System.Runtime.CompilerServices;

namespace Greenlets.Tests.Local;

/// <summary>GreenletLocal: one value per greenlet, main included; no inheritance; values die with their greenlet.</summary>
[Category(TestCategories.Unit)]
public sealed partial class GreenletLocalTests : HubTestBase
{
    [Greenlet]
    private string SetSwitchAndRead(GreenletLocal<string> local, string mine)
    {
        Log.Add($"{mine} starts with {local.Value ?? "nothing"}");
        local.Value = mine;
        Greenlet.Sleep(0);
        Greenlet.Sleep(0);
        return local.Value;
    }

    [Greenlet]
    private string ReadOnly(GreenletLocal<string> local)
    {
        Greenlet.Sleep(0);
        return local.TryGetValue(out var value) ? value : "nothing";
    }

    [Greenlet]
    private string SpawnChildAndRead(GreenletLocal<string> local)
    {
        local.Value = "parent";
        var child = Greenlet.Spawn(ReadOnly, local);
        var seen = child.Get();
        return $"{local.Value}/{seen}";
    }

    [Test]
    public void EachGreenletSeesOnlyItsOwnValue()
    {
        var local = new GreenletLocal<string>();
        local.Value = "main";
        var a = Greenlet.Spawn(SetSwitchAndRead, local, "a");
        var b = Greenlet.Spawn(SetSwitchAndRead, local, "b");

        Greenlet.JoinAll(a, b);

        Assert.That((a.Value, b.Value, local.Value), Is.EqualTo(("a", "b", "main")));
        Assert.That(Log, Is.EqualTo(new[] { "a starts with nothing", "b starts with nothing" }));
    }

    [Test]
    public void ChildrenDoNotInheritTheirParentsValue()
    {
        var local = new GreenletLocal<string>();
        local.Value = "main";

        Assert.That(Greenlet.Spawn(SpawnChildAndRead, local).Get(), Is.EqualTo("parent/nothing"));
        Assert.That(Greenlet.Spawn(ReadOnly, local).Get(), Is.EqualTo("nothing"), "nor from main");
    }

    [Greenlet]
    private int ReadTwice(GreenletLocal<int> local)
    {
        var first = local.Value;
        Greenlet.Sleep(0);
        return first * 100 + local.Value;
    }

    [Test]
    public void TheInitializerRunsAtConstructionForItsCreatorAndOnFirstReadForOthers()
    {
        var calls = 0;
        var local = new GreenletLocal<int>(() => ++calls);
        Assert.That((calls, local.IsValueCreated), Is.EqualTo((1, true)), "main created it: its value is made at once");

        var a = Greenlet.Spawn(ReadTwice, local);
        var b = Greenlet.Spawn(ReadTwice, local);
        Greenlet.JoinAll(a, b);

        Assert.That((a.Value, b.Value, calls), Is.EqualTo((202, 303, 3)));
        Assert.That((local.Value, calls), Is.EqualTo((1, 3)));
    }

    [Test]
    public void TryGetValueIsValueCreatedAndRemove()
    {
        var calls = 0;
        var local = new GreenletLocal<string>(() => $"initial {++calls}");
        Assert.That(local.TryGetValue(out var initial), Is.True);
        Assert.That((initial, local.IsValueCreated, local.ToString()), Is.EqualTo(("initial 1", true, "initial 1")));

        local.Value = "set";
        Assert.That(local.TryGetValue(out var value), Is.True);
        Assert.That((value, local.IsValueCreated, local.ToString()), Is.EqualTo(("set", true, "set")));

        Assert.That(local.Remove(), Is.True);
        Assert.That(local.Remove(), Is.False);
        Assert.That((local.IsValueCreated, local.TryGetValue(out _), local.ToString()), Is.EqualTo((false, false, "")));
        Assert.That((local.Value, calls), Is.EqualTo(((string?)null, 1)), "removed, not reset: the initializer ran once for this greenlet");

        local.Value = "again";
        Assert.That((local.Value, local.IsValueCreated), Is.EqualTo(("again", true)));
    }

    [Test]
    public void AnInitializerThatTouchesItsLocalSeesNoValueYet()
    {
        GreenletLocal<string>? local = null;
        var seen = new List<bool>();
        local = new GreenletLocal<string>(() =>
        {
            seen.Add(local?.IsValueCreated ?? false);
            return "made";
        });

        Assert.That(Greenlet.Spawn(() => $"{local!.IsValueCreated} {local.Value}").Get(), Is.EqualTo("True made"));
        Assert.That(seen, Is.EqualTo(new[] { false, false }), "once for main at construction (null then), once for the greenlet");
    }

    [Test]
    public void AnInitializerThatThrowsRunsAgainOnTheNextTouch()
    {
        var calls = 0;
        var local = new GreenletLocal<int>(() => ++calls == 2 ? throw new InvalidOperationException("second") : calls);

        var failing = Greenlet.Spawn(() => local.Value);
        failing.Join();
        Assert.That(failing.Exception?.Message, Is.EqualTo("second"));
        Assert.That(Errors.ToString(), Does.Contain("second"));
        Assert.That(Greenlet.Spawn(() => local.Value).Get(), Is.EqualTo(3));
    }

    [Test]
    public void WithoutAnInitializerAnUnsetValueIsTheDefault()
    {
        var local = new GreenletLocal<int>();

        Assert.That((local.Value, local.IsValueCreated), Is.EqualTo((0, false)));
        Assert.Throws<ArgumentNullException>(() => new GreenletLocal<int>(null!));
    }

    [Test]
    public void EachHubsMainGreenletHasItsOwnValue()
    {
        var local = new GreenletLocal<string>();
        local.Value = "this thread";
        string? seen = "unset";
        var thread = new Thread(() => seen = local.TryGetValue(out var v) ? v : null);
        thread.Start();
        thread.Join();

        Assert.That(seen, Is.Null);
        Assert.That(local.Value, Is.EqualTo("this thread"));
    }

    private sealed class Payload(Greenlet? owner)
    {
        public Greenlet? Owner { get; } = owner; // refers back to its greenlet: must not keep it alive
    }

    [Greenlet]
    private static WeakReference StorePayload(GreenletLocal<Payload> local)
    {
        var payload = new Payload(Greenlet.Current);
        local.Value = payload;
        Greenlet.Sleep(0);
        return new WeakReference(local.Value);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static (WeakReference Greenlet, WeakReference Value) RunAndForget(GreenletLocal<Payload> local)
    {
        var g = Greenlet.Spawn(StorePayload, local);
        var value = g.Get();
        GC.Collect();
        Assert.That(value.IsAlive, Is.True, "the finished greenlet is still referenced here, so its value lives");
        return (new WeakReference(g), value);
    }

    [Test]
    public void ValuesDieWithTheirGreenletAndDoNotKeepItAlive()
    {
        var local = new GreenletLocal<Payload>();

        var (greenlet, value) = RunAndForget(local);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        Assert.That(greenlet.IsAlive, Is.False, "the local does not keep a finished greenlet alive");
        Assert.That(value.IsAlive, Is.False, "its value died with it");
        Assert.That(local.Value, Is.Null);
    }
}
