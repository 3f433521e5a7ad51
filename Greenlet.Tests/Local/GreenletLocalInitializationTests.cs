namespace Greenlets.Tests.Local;

/// <summary>
/// A <see cref="GreenletLocal{T}"/> with an initializer behaves as a gevent <c>local</c> subclass with
/// <c>__init__</c>: the creating greenlet gets its value at construction, every other greenlet on its first touch of
/// any kind (a read, a write, a question, a removal), and a removal does not run the initializer again.
/// </summary>
/// <remarks>
/// The Python, run with /usr/bin/python3 (gevent 22.10.2):
/// <code>
/// import gevent
/// from gevent.local import local
/// log = []
/// names = {}
/// def who():
///     return names.get(gevent.getcurrent(), 'main')
/// class Counter(local):
///     inits = 0
///     def __init__(self):
///         Counter.inits += 1
///         log.append('init in %s' % who())
///         self.value = Counter.inits
/// def reader(loc):
///     log.append('reader sees %s' % loc.value)
/// def writer(loc):
///     loc.value = 99
///     log.append('writer sees %s' % loc.value)
/// def checker(loc):
///     log.append('checker hasattr %s' % hasattr(loc, 'value'))
/// def deleter(loc):
///     log.append('deleter sees %s' % loc.value)
///     del loc.value
///     log.append('deleter after del: hasattr %s, getattr %s' % (hasattr(loc, 'value'), getattr(loc, 'value', 'missing')))
/// def untouched(loc):
///     log.append('untouched runs')
/// def maker():
///     made = Counter()
///     log.append('maker sees %s' % made.value)
///     return made
/// def spawn(f, *args):
///     g = gevent.spawn(f, *args)
///     names[g] = f.__name__
///     return g
/// loc = Counter()
/// log.append('main sees %s' % loc.value)
/// gevent.joinall([spawn(f, loc) for f in (reader, writer, checker, deleter, untouched)])
/// log.append('main sees %s' % loc.value)
/// made = spawn(maker).get()
/// log.append('main sees %s' % made.value)
/// print('\n'.join(log))
/// </code>
/// It printed the log <see cref="InitializationFollowsGeventsLocalSubclass"/> expects.
/// </remarks>
[Category(TestCategories.Unit)]
public sealed partial class GreenletLocalInitializationTests : HubTestBase
{
    private int _inits;

    private GreenletLocal<object?> NewCounter() => new(() =>
    {
        _inits++;
        Log.Add($"init in {Who()}");
        return _inits;
    });

    private static string Who() => Greenlet.Current is { } current && current != global::Greenlets.Hub.Current.MainGreenlet ? current.Name : "main";

    [Greenlet]
    private void Reader(GreenletLocal<object?> local) => Log.Add($"reader sees {local.Value}");

    [Greenlet]
    private void Writer(GreenletLocal<object?> local)
    {
        local.Value = 99;
        Log.Add($"writer sees {local.Value}");
    }

    [Greenlet]
    private void Checker(GreenletLocal<object?> local) => Log.Add($"checker hasattr {local.IsValueCreated}");

    [Greenlet]
    private void Deleter(GreenletLocal<object?> local)
    {
        Log.Add($"deleter sees {local.Value}");
        local.Remove();
        Log.Add($"deleter after del: hasattr {local.IsValueCreated}, getattr {(local.TryGetValue(out var value) ? value : "missing")}");
    }

    [Greenlet]
    private void Untouched(GreenletLocal<object?> local) => Log.Add("untouched runs");

    [Greenlet]
    private GreenletLocal<object?> Maker()
    {
        var made = NewCounter();
        Log.Add($"maker sees {made.Value}");
        return made;
    }

    private Greenlet Named(Greenlet greenlet, string name)
    {
        greenlet.Name = name;
        return greenlet;
    }

    [Test]
    public void InitializationFollowsGeventsLocalSubclass()
    {
        var local = NewCounter();
        Log.Add($"main sees {local.Value}");
        Greenlet.JoinAll(
            Named(Greenlet.Spawn(Reader, local), "reader"),
            Named(Greenlet.Spawn(Writer, local), "writer"),
            Named(Greenlet.Spawn(Checker, local), "checker"),
            Named(Greenlet.Spawn(Deleter, local), "deleter"),
            Named(Greenlet.Spawn(Untouched, local), "untouched"));
        Log.Add($"main sees {local.Value}");
        var maker = Greenlet.Spawn(Maker);
        maker.Name = "maker";
        var made = maker.Get();
        Log.Add($"main sees {made.Value}");

        Assert.That(Log, Is.EqualTo(new[]
        {
            "init in main",
            "main sees 1",
            "init in reader",
            "reader sees 2",
            "init in writer",
            "writer sees 99",
            "init in checker",
            "checker hasattr True",
            "init in deleter",
            "deleter sees 5",
            "deleter after del: hasattr False, getattr missing",
            "untouched runs",
            "main sees 1",
            "init in maker",
            "maker sees 6",
            "init in main",
            "main sees 7",
        }));
    }
}
