using Greenlets.LowLevel;

namespace Greenlets.Tests.Hub;

/// <summary>
/// <see cref="Greenlet.Idle"/> and <see cref="Greenlet.SpawnRaw(Action)"/>, against what real gevent printed for
/// Gevent/idle_and_spawn_raw.py (kept in Gevent/idle_and_spawn_raw.out), section by section.
/// </summary>
[Category(TestCategories.Unit)]
public sealed partial class IdleAndSpawnRawTests : HubTestBase
{
    private static readonly GeventSections s_gevent = new("Greenlet.Tests", "Hub", "Gevent", "idle_and_spawn_raw.out");

    [Greenlet]
    private void Idler(string name)
    {
        Log.Add($"{name} before idle");
        Greenlet.Idle();
        Log.Add($"{name} after idle");
    }

    [Greenlet]
    private void Yielder(string name, int count)
    {
        for (var i = 0; i < count; i++)
        {
            Log.Add($"{name} step {i}");
            Greenlet.Sleep(0);
        }

        Log.Add($"{name} done");
    }

    [Greenlet]
    private void Sleeper(string name, string seconds)
    {
        Log.Add($"{name} sleeping {seconds}");
        Greenlet.Sleep(double.Parse(seconds, System.Globalization.CultureInfo.InvariantCulture));
        Log.Add($"{name} woke");
    }

    [Greenlet]
    private void LoopingIdler(string name, int count)
    {
        for (var i = 0; i < count; i++)
        {
            Greenlet.Idle();
            Log.Add($"{name} idle {i}");
        }
    }

    private void Say(string text) => Log.Add(text);

    [Greenlet]
    private void Work(string name)
    {
        Log.Add($"{name} start");
        Greenlet.Sleep(0);
        Log.Add($"{name} end");
    }

    [Greenlet]
    private void Boom(string name)
    {
        Log.Add($"{name} raising");
        throw new ArgumentException($"bad {name}");
    }

    [Test]
    public void IdlersWaitForYieldersAndCallbacksButNotForATimerNotYetDue()
    {
        var a = Greenlet.Spawn(Idler, "idle-a");
        var b = Greenlet.Spawn(Yielder, "yield-b", 3);
        var c = Greenlet.Spawn(Sleeper, "timer-c", "0.01");
        var d = Greenlet.Spawn(Idler, "idle-d");
        HubLoop.CallSoon(() => Say("callback"));
        Greenlet.JoinAll(a, b, c, d);

        Assert.That(Log, Is.EqualTo(s_gevent["idle waits for the loop"]));
    }

    [Test]
    public void DueTimersRunBeforeIdlersAndEachPassServesTheLastToIdleFirst()
    {
        var a = Greenlet.Spawn(LoopingIdler, "idle-a", 3);
        var b = Greenlet.SpawnLater(0, Say, "later-0 ran");
        var c = Greenlet.Spawn(LoopingIdler, "idle-c", 2);
        Greenlet.JoinAll(a, b, c);

        Assert.That(Log, Is.EqualTo(s_gevent["idle after due timers, again and again"]));
    }

    [Test]
    public void TheMainGreenletIdlesUntilSpawnedWorkIsDone()
    {
        Greenlet.Spawn(Say, "spawned ran");
        Greenlet.Idle();
        Log.Add("main after idle");

        Assert.That(Log, Is.EqualTo(s_gevent["main idles"]));
    }

    [Test]
    public void AKilledIdlerIsNotWokenAgain()
    {
        var idler = Greenlet.Spawn(Idler, "idle-k");
        Greenlet.Sleep(0);
        idler.Kill();
        Greenlet.Idle();
        Log.Add("main after idle");

        Assert.That(Log, Is.EqualTo(new[] { "idle-k before idle", "main after idle" }));
        Assert.That(idler.IsDead, Is.True);
    }

    [Test]
    public void SpawnRawRunsInSpawnOrderAndItsFailureIsReported()
    {
        Greenlet.Spawn(Work, "spawn-1");
        Greenlet.SpawnRaw(Work, "raw-1");
        Greenlet.Spawn(Work, "spawn-2");
        Greenlet.SpawnRaw(Boom, "raw-2");
        Greenlet.Sleep(0);
        Greenlet.Sleep(0);
        Log.Add($"raw-2 dead {!Hub.LiveGreenlets.Any(g => g.ToString().Contains("raw-2", StringComparison.Ordinal))}");
        Log.Add($"reported ValueError {Errors.ToString().Contains("failed with ArgumentException", StringComparison.Ordinal)}");

        Assert.That(Log, Is.EqualTo(s_gevent["spawn_raw"]));
    }
}
