using Greenlets.Tests.Generator;

namespace Greenlets.Tests.Lifecycle;

/// <summary>
/// <see cref="Greenlet.Create(Action)"/> and its overloads are gevent's <c>Greenlet(f, *args)</c>: a greenlet from a
/// function that runs only once started with <c>Start()</c> or <c>StartLater()</c>, without writing a subclass. It
/// runs the [Greenlet] method's rewritten form, as <c>Spawn</c> does.
/// </summary>
/// <remarks>
/// The Python, run with /usr/bin/python3 (gevent 22.10.2):
/// <code>
/// import gevent
/// from gevent import Greenlet
/// log = []
/// def work(name, n):
///     log.append('%s runs' % name)
///     gevent.sleep(n)
///     log.append('%s done' % name)
///     return name.upper()
/// a = Greenlet(work, 'a', 1)
/// b = Greenlet(work, 'b', 0)
/// log.append('created: started=%s dead=%s ready=%s' % (a.started, a.dead, a.ready()))
/// gevent.sleep(0)
/// log.append('after a yield nothing ran')
/// b.start()
/// a.start_later(2)
/// b.start()  # twice does nothing
/// log.append('scheduled')
/// log.append('b got %s' % b.get())
/// log.append('a got %s' % a.get())
/// c = Greenlet(work, 'c', 0)
/// c.kill()
/// log.append('killed before start: dead=%s successful=%s' % (c.dead, c.successful()))
/// c.start()
/// gevent.sleep(0.1)
/// log.append('start after kill ran nothing')
/// d = Greenlet(work, 'd', 0)
/// d.join(timeout=1)
/// log.append('join on unstarted returned, dead=%s' % d.dead)
/// print('\n'.join(log))
///
/// main = gevent.getcurrent()
/// def f():
///     print('spawning is main:', gevent.getcurrent().spawning_greenlet() is main)
/// e = Greenlet(f)
/// def starter(): e.start()
/// gevent.joinall([gevent.spawn(starter), e])
/// </code>
/// It printed:
/// <code>
/// created: started=False dead=False ready=False
/// after a yield nothing ran
/// scheduled
/// b runs
/// b done
/// b got B
/// a runs
/// a done
/// a got A
/// killed before start: dead=True successful=True
/// start after kill ran nothing
/// join on unstarted returned, dead=False
/// spawning is main: True
/// </code>
/// </remarks>
[Category(TestCategories.Unit)]
public sealed partial class CreateTests : HubTestBase
{
    [Greenlet]
    private string Work(string name, double seconds)
    {
        Log.Add($"{name} runs");
        Greenlet.Sleep(seconds); // plain code would fail here: this proves the rewritten form runs
        Log.Add($"{name} done");
        return name.ToUpperInvariant();
    }

    [Greenlet]
    private void Note(string text)
    {
        Greenlet.Sleep(0);
        Log.Add(text);
    }

    [Greenlet]
    private static void StartIt(Greenlet greenlet) => greenlet.Start();

    [Greenlet]
    private static bool SpawnedByMain() => Greenlet.Current.SpawningGreenlet == global::Greenlets.Hub.Current.MainGreenlet;

    [Test]
    public void ACreatedGreenletRunsOnlyOnceStartedAsGeventsDoes()
    {
        var a = Greenlet.Create(Work, "a", 1.0);
        var b = Greenlet.Create(Work, "b", 0.0);
        Log.Add($"created: started={a.IsStarted} dead={a.IsDead} ready={a.IsReady}");
        Greenlet.Sleep(0);
        Log.Add("after a yield nothing ran");
        b.Start();
        a.StartLater(2);
        b.Start();
        Log.Add("scheduled");
        Log.Add($"b got {b.Get()}");
        Log.Add($"a got {a.Get()}");
        var c = Greenlet.Create(Work, "c", 0.0);
        c.Kill();
        Log.Add($"killed before start: dead={c.IsDead} successful={c.IsSuccessful}");
        c.Start();
        Greenlet.Sleep(0.1);
        Log.Add("start after kill ran nothing");
        var d = Greenlet.Create(Work, "d", 0.0);
        d.Join(timeout: 1);
        Log.Add($"join on unstarted returned, dead={d.IsDead}");

        Assert.That(Log, Is.EqualTo(new[]
        {
            "created: started=False dead=False ready=False",
            "after a yield nothing ran",
            "scheduled",
            "b runs",
            "b done",
            "b got B",
            "a runs",
            "a done",
            "a got A",
            "killed before start: dead=True successful=True",
            "start after kill ran nothing",
            "join on unstarted returned, dead=False",
        }));
        Assert.That(Now, Is.EqualTo(4.1).Within(1e-9));
    }

    [Test]
    public void TheCreatorIsTheSpawningGreenletWhoeverStartsIt()
    {
        var e = Greenlet.Create(SpawnedByMain);
        Greenlet.JoinAll(Greenlet.Spawn(StartIt, (Greenlet)e), e);

        Assert.That(e.Value, Is.True);
    }

    [Test]
    public void AVoidMethodAndALambdaWaitForTheirStart()
    {
        var note = Greenlet.Create(Note, "void method");
        var lambda = Greenlet.Create(() => 7);
        Assert.That((note.IsStarted, lambda.IsStarted), Is.EqualTo((false, false)));
        Assert.That(note.ToString(), Does.EndWith(": CreateTests.Note(\"void method\")>"));
        note.Start();
        lambda.Start();

        Assert.That(lambda.Get(), Is.EqualTo(7));
        note.Join();
        Assert.That(Log, Is.EqualTo(new[] { "void method" }));
    }

    [Test]
    public void ADelegateInAVariableFindsTheRewrittenFormByReflection()
    {
        Func<string, double, string> work = Work; // a variable: no call site to redirect at compile time
        var g = Greenlet.Create(work, "variable", 1.0);
        g.Start();

        Assert.That(g.Get(), Is.EqualTo("VARIABLE"));
        Assert.That(Log, Is.EqualTo(new[] { "variable runs", "variable done" }));
    }

    [Test]
    public void CreateCallSitesAreRedirectedToTheTwinAtCompileTime()
    {
        var run = GeneratorHarness.Generate("""
            using Greenlets;

            public static partial class Workers
            {
                [Greenlet]
                public static int Work(string name, int n) { Greenlet.Sleep(0); return n; }

                public static Greenlet<int> Make() => Greenlet.Create(Work, "steve", 3);
            }
            """);

        run.CompilesCleanly();
        Assert.That(run.Sources.Values, Has.Some.Contains(".CreateTwin<string, int, int>("));
    }

    [Test]
    public void CreateRejectsANullFunction()
    {
        Assert.Throws<ArgumentNullException>(() => Greenlet.Create((Action)null!));
        Assert.Throws<ArgumentNullException>(() => Greenlet.Create((Func<int>)null!));
        Assert.Throws<ArgumentNullException>(() => Greenlet.CreateTwin((Func<GreenTask>)null!));
    }
}
