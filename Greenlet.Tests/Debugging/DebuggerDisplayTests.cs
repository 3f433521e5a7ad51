using System.Diagnostics;
using System.Reflection;
using System.Text.RegularExpressions;

namespace Greenlets.Tests.Debugging;

/// <summary>
/// The [DebuggerDisplay] texts of the core types, evaluated as a debugger would (each <c>{member}</c> of the attribute
/// read by reflection), so a renamed member or a text that throws cannot rot unseen.
/// </summary>
[Category(TestCategories.Unit)]
public sealed partial class DebuggerDisplayTests : HubTestBase
{
    [Greenlet]
    private static int Take(GreenQueue<int> queue) => queue.Get();

    [Greenlet]
    private static void WaitFor(Event flag) => flag.Wait();

    [Test]
    public void EveryCoreTypeHasADisplayWhoseMembersExist()
    {
        var hub = Hub;
        var queue = new GreenQueue<int>();
        var timers = hub.GetType().GetField("_timers", BindingFlags.Instance | BindingFlags.NonPublic)!.GetValue(hub)!;
        var ready = hub.GetType().GetField("_ready", BindingFlags.Instance | BindingFlags.NonPublic)!.GetValue(hub)!;
        var waiters = queue.GetType().GetField("_getters", BindingFlags.Instance | BindingFlags.NonPublic)!.GetValue(queue)!;
        object[] values =
        [
            hub, timers, ready, waiters, Greenlet.Spawn(() => { }), Greenlet.Spawn(() => 1), hub.MainGreenlet,
            queue, new JoinableQueue<int>(), new LifoQueue<int>(), new GreenPriorityQueue<int>(), new GreenChannel<int>(),
            new Event(), new AsyncResult<int>(), new GreenSemaphore(), new BoundedSemaphore(2), new GreenLock(), new RLock(),
            new Group(), new Pool(3), new GreenTimeout(5),
        ];

        foreach (var value in values)
        {
            Assert.That(Display(value), Is.Not.Empty, value.GetType().Name);
        }
    }

    [Test]
    public void AQueueAndTheGreenletWaitingOnItShowTheirState()
    {
        var queue = new GreenQueue<int>(maxSize: 2);
        var getter = Greenlet.Spawn(Take, queue);
        Assert.That(Display(getter), Is.EqualTo("Greenlet Scheduled, DebuggerDisplayTests.Take"));

        Greenlet.Sleep(0);
        Assert.That(Display(queue), Is.EqualTo("Count = 0/2, getters = 1, putters = 0"));
        Assert.That(Display(getter), Is.EqualTo("Greenlet Parked, DebuggerDisplayTests.Take"));

        getter.Name = "taker";
        queue.Put(7);
        queue.Put(8);
        Assert.That(Display(queue), Is.EqualTo("Count = 2/2, getters = 1, putters = 0"));
        Assert.That(getter.Get(), Is.EqualTo(7));
        Assert.That(Display(getter), Is.EqualTo("taker Dead, DebuggerDisplayTests.Take"));

        queue.Close();
        Assert.That(Display(queue), Is.EqualTo("Count = 1/2, getters = 0, putters = 0, closed"));
    }

    [Test]
    public void ReadingAGreenletsDisplayGivesItNoId()
    {
        var first = Greenlet.Spawn(() => { });
        var second = Greenlet.Spawn(() => { });
        Assert.That(Display(first), Is.EqualTo("Greenlet Scheduled"));
        Assert.That(second.Id, Is.EqualTo(1), "the display of the first did not take an id");
        Assert.That(Display(second), Is.EqualTo("Greenlet-1 Scheduled"));
    }

    [Test]
    public void EventsLocksPoolsAndTimeoutsShowCountsAndWaiters()
    {
        var flag = new Event();
        var waiter = Greenlet.Spawn(WaitFor, flag);
        var lockHeld = new GreenLock();
        lockHeld.Acquire();
        var rlock = new RLock();
        rlock.Acquire();
        rlock.Acquire();
        var pool = new Pool(3);
        pool.Spawn(() => { });
        var result = new AsyncResult<int>();
        using var timeout = GreenTimeout.StartNew(5);
        Greenlet.Sleep(0);

        Assert.That(Display(flag), Is.EqualTo("IsSet = false, waiting = 1"));
        Assert.That(Display(lockHeld), Is.EqualTo("Counter = 0/1, waiting = 0"));
        Assert.That(Display(new GreenSemaphore(4)), Is.EqualTo("Counter = 4, waiting = 0"));
        Assert.That(Display(rlock), Is.EqualTo("Owner = MainGreenlet Running, count = 2, waiting = 0"));
        Assert.That(Display(pool), Is.EqualTo("Count = 1/3, waiting for a slot = 0, joining = 0"), "the member ran to its end in the pass, and leaves on the next, as in gevent");
        Assert.That(Display(result), Is.EqualTo("Not ready, waiting = 0"));
        Assert.That(Display(timeout), Is.EqualTo("Seconds = 5, pending"));

        flag.Set();
        result.SetException(new InvalidOperationException());
        waiter.Join();
        Assert.That(Display(flag), Is.EqualTo("IsSet = true, waiting = 0"));
        Assert.That(Display(result), Is.EqualTo("Failed with InvalidOperationException, waiting = 0"));
    }

    [Test]
    public void TheHubShowsItsQueuesWithoutReadingTheClock()
    {
        var hub = Hub;
        Greenlet.Spawn(() => { });
        Greenlet.SpawnLater(1, () => { });
        Assert.That(Display(hub), Does.Match(@"^Hub thread \d+: ready = 1, timers = 1, live = 2, switches = 0$"));
        Greenlet.Sleep(0);
        Assert.That(Display(hub), Does.Match(@"^Hub thread \d+: ready = 0, timers = 1, live = 1, switches = 1$"));
    }

    /// <summary>What a debugger shows for <paramref name="value"/>: its [DebuggerDisplay], each <c>{member}</c> read by reflection.</summary>
    private static string Display(object value)
    {
        var attribute = (DebuggerDisplayAttribute?)null;
        for (var type = value.GetType(); type is not null && attribute is null; type = type.BaseType)
        {
            attribute = type.GetCustomAttribute<DebuggerDisplayAttribute>(inherit: false); // the most derived one, as debuggers use
        }

        Assert.That(attribute, Is.Not.Null, $"{value.GetType().Name} has a [DebuggerDisplay]");
        return Placeholder().Replace(attribute!.Value, match =>
        {
            var member = Evaluate(value, match.Groups["path"].Value);
            return member switch
            {
                string text when match.Groups["nq"].Success => text,
                string text => $"\"{text}\"",
                bool flag => flag ? "true" : "false",
                _ => Convert.ToString(member, System.Globalization.CultureInfo.InvariantCulture) ?? "null",
            };
        });
    }

    /// <summary>A dotted path of fields, properties and calls without arguments, from <paramref name="target"/>.</summary>
    private static object? Evaluate(object? target, string path)
    {
        const BindingFlags Members = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic;
        foreach (var name in path.Split('.'))
        {
            Assert.That(target, Is.Not.Null, $"{path}: a null before {name}");
            var isCall = name.EndsWith("()", StringComparison.Ordinal);
            var member = isCall ? name[..^2] : name;
            var value = (object?)null;
            var found = false;
            for (var type = target!.GetType(); type is not null && !found; type = type.BaseType)
            {
                if (isCall && type.GetMethod(member, Members, Type.EmptyTypes) is { } method)
                {
                    (value, found) = (method.Invoke(target, null), true);
                }
                else if (!isCall && type.GetProperty(member, Members | BindingFlags.DeclaredOnly) is { } property)
                {
                    (value, found) = (property.GetValue(target), true);
                }
                else if (!isCall && type.GetField(member, Members | BindingFlags.DeclaredOnly) is { } field)
                {
                    (value, found) = (field.GetValue(target), true);
                }
            }

            Assert.That(found, Is.True, $"{target.GetType().Name} has a member {name} for its [DebuggerDisplay]");
            target = value;
        }

        return target;
    }

    [GeneratedRegex(@"\{(?<path>[^,}]+)(?<nq>,nq)?\}")]
    private static partial Regex Placeholder();
}
