using System.Runtime.CompilerServices;

namespace Greenlets.Tests.Local;

/// <summary>
/// AsyncLocal values are per greenlet: the hub swaps the execution context as greenlets switch. A greenlet starts
/// with none (no inheritance from its spawner, as with gevent's contextvars), and main's values stay with main.
/// </summary>
[Category(TestCategories.Unit)]
public sealed partial class AsyncLocalTests : HubTestBase
{
    private static readonly AsyncLocal<string?> s_name = new();
    private static readonly AsyncLocal<object?> s_held = new();

    [TearDown]
    public void ClearMainsValues()
    {
        s_name.Value = null;
        s_held.Value = null;
    }

    [Greenlet]
    private string SetAndKeep(string mine, int switches)
    {
        Log.Add($"{mine} starts with {s_name.Value ?? "nothing"}");
        s_name.Value = mine;
        for (var i = 0; i < switches; i++)
        {
            Greenlet.Sleep(0);
            Log.Add($"{mine} sees {s_name.Value ?? "nothing"}");
        }

        return s_name.Value!;
    }

    [Greenlet]
    private string ReadAfterSwitch()
    {
        Greenlet.Sleep(0);
        return s_name.Value ?? "nothing";
    }

    [Test]
    public void AValueSetInOneGreenletIsNotVisibleInAnother()
    {
        var a = Greenlet.Spawn(SetAndKeep, "a", 1);
        var reader = Greenlet.Spawn(ReadAfterSwitch);

        Greenlet.JoinAll(a, reader);

        Assert.That(reader.Value, Is.EqualTo("nothing"));
        Assert.That(a.Value, Is.EqualTo("a"));
    }

    [Test]
    public void EachGreenletSeesItsOwnValueAgainAfterOthersRan()
    {
        var a = Greenlet.Spawn(SetAndKeep, "a", 2);
        var b = Greenlet.Spawn(SetAndKeep, "b", 2);

        Greenlet.JoinAll(a, b);

        Assert.That(Log, Is.EqualTo(new[]
        {
            "a starts with nothing", "b starts with nothing", "a sees a", "b sees b", "a sees a", "b sees b",
        }));
    }

    [Test]
    public void MainsValueIsNotVisibleToGreenletsAndComesBackToMain()
    {
        s_name.Value = "main";
        var a = Greenlet.Spawn(SetAndKeep, "a", 1);
        var reader = Greenlet.Spawn(ReadAfterSwitch);

        Greenlet.JoinAll(a, reader);

        Assert.That(Log[0], Is.EqualTo("a starts with nothing"));
        Assert.That(reader.Value, Is.EqualTo("nothing"));
        Assert.That(s_name.Value, Is.EqualTo("main"), "main's own value survives the greenlets' changes");
    }

    [Test]
    public void MainWithoutAValueStaysWithoutOne()
    {
        s_name.Value = null;
        var a = Greenlet.Spawn(SetAndKeep, "a", 1);

        a.Join();

        Assert.That(s_name.Value, Is.Null, "a's value did not leak into main");
    }

    [Greenlet]
    private string SpawnChildAfterSetting()
    {
        s_name.Value = "parent";
        var child = Greenlet.Spawn(ReadAfterSwitch);
        var seen = child.Get();
        return $"{s_name.Value}/{seen}";
    }

    [Test]
    public void ASpawnedGreenletDoesNotInheritItsParentsValue()
    {
        s_name.Value = "main";

        Assert.That(Greenlet.Spawn(SpawnChildAfterSetting).Get(), Is.EqualTo("parent/nothing"));
    }

    [Greenlet]
    private void SetInNestedCall(string value)
    {
        Greenlet.Sleep(0);
        s_name.Value = value;
    }

    [Greenlet]
    private string CallerSeesCalleesChange()
    {
        s_name.Value = "caller";
        SetInNestedCall("callee");
        Greenlet.Sleep(0);
        return s_name.Value!;
    }

    [Test]
    public void ANestedGreenletCallActsLikeAPlainCallChangesFlowBackToTheCaller()
    {
        var g = Greenlet.Spawn(CallerSeesCalleesChange);
        var other = Greenlet.Spawn(SetAndKeep, "other", 3);

        Greenlet.JoinAll(g, other);

        Assert.That(g.Value, Is.EqualTo("callee"));
        Assert.That(other.Value, Is.EqualTo("other"));
    }

    [Greenlet]
    private void WaitForEvent(Event ready, string mine)
    {
        s_name.Value = mine;
        ready.Wait();
        Log.Add($"{mine} woke with {s_name.Value}");
    }

    [Test]
    public void ValuesSurviveParkingAndWakingInAnyOrder()
    {
        var ready = new Event();
        var waiters = new[] { "x", "y", "z" }.Select(name => Greenlet.Spawn(WaitForEvent, ready, name)).ToArray();
        Greenlet.Sleep(1);

        s_name.Value = "setter";
        ready.Set();
        Greenlet.JoinAll(waiters);

        Assert.That(Log, Is.EqualTo(new[] { "x woke with x", "y woke with y", "z woke with z" }));
        Assert.That(s_name.Value, Is.EqualTo("setter"));
    }

    [Greenlet]
    private static WeakReference HoldThenFinish()
    {
        var value = new object();
        s_held.Value = value;
        Greenlet.Sleep(0); // the context holding it is saved while the greenlet is off the CPU
        return new WeakReference(value);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static (Greenlet Greenlet, WeakReference Value) RunHolder()
    {
        var g = Greenlet.Spawn(HoldThenFinish);
        return (g, g.Get());
    }

    [Test]
    public void AFinishedGreenletKeepsNoAsyncLocalValuesAlive()
    {
        var (greenlet, value) = RunHolder();
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        Assert.That(value.IsAlive, Is.False, "the dead greenlet's context was dropped, although the greenlet is still referenced");
        Assert.That(greenlet.IsDead, Is.True);
        Assert.That(s_held.Value, Is.Null);
    }

    [Test]
    public void AValueALinkCallbackSetsDoesNotReachTheNextGreenlet()
    {
        var first = Greenlet.Spawn(ReadAfterSwitch);
        first.Link(_ => s_name.Value = "callback");
        first.Join();
        var next = Greenlet.Spawn(ReadAfterSwitch);

        Assert.That(next.Get(), Is.EqualTo("nothing"));
        Assert.That(s_name.Value, Is.Null, "nor main");
    }

    [Greenlet]
    private bool SuspendWithFlowSuppressed()
    {
        s_name.Value = "suppressor";
        using (ExecutionContext.SuppressFlow())
        {
            Greenlet.Sleep(0);
            Log.Add($"suppressor resumed: suppressed {ExecutionContext.IsFlowSuppressed()}");
        }

        return ExecutionContext.IsFlowSuppressed();
    }

    [Greenlet]
    private void ReportFlow()
    {
        Log.Add($"other: suppressed {ExecutionContext.IsFlowSuppressed()}, name {s_name.Value ?? "nothing"}");
    }

    [Test]
    public void SuppressedFlowStaysWithTheGreenletThatSuppressedIt()
    {
        var suppressor = Greenlet.Spawn(SuspendWithFlowSuppressed);
        var other = Greenlet.Spawn(ReportFlow);

        Greenlet.JoinAll(suppressor, other);

        Assert.That(Log, Is.EqualTo(new[] { "other: suppressed False, name nothing", "suppressor resumed: suppressed True" }));
        Assert.That(suppressor.IsSuccessful, Is.True, "restoring the flow found its own suppressed context on the thread");
        Assert.That(suppressor.Value, Is.False);
        Assert.That(ExecutionContext.IsFlowSuppressed(), Is.False);
    }

    [Test]
    public void OnThisRuntimeTheHubReadsTheThreadsContextFieldDirectly()
    {
        // The cheap check after each turn; without it the hub falls back to ExecutionContext.Capture (slower, same behaviour).
        Assert.That(GreenletExecutionContext.ReadsThreadField, Is.True);
    }

    [Greenlet]
    private static int CountChanges(List<string> changes)
    {
        var local = new AsyncLocal<int>(change => changes.Add($"{change.PreviousValue}->{change.CurrentValue} thread:{change.ThreadContextChanged}"));
        local.Value = 1;
        Greenlet.Sleep(0);
        return local.Value;
    }

    [Test]
    public void ChangeNotificationsSeeTheSwitches()
    {
        var changes = new List<string>();

        Assert.That(Greenlet.Spawn(CountChanges, changes).Get(), Is.EqualTo(1));

        Assert.That(changes, Is.EqualTo(new[]
        {
            "0->1 thread:False", // the set
            "1->0 thread:True",  // switched out at Sleep(0)
            "0->1 thread:True",  // switched back in
            "1->0 thread:True",  // finished: the hub is back on the empty context
        }));
    }
}
