namespace Greenlets.Tests.Lifecycle;

/// <summary>Subclassing Greenlet and overriding Run, as the tutorial's MyGreenlet and Actor do.</summary>
[Category(TestCategories.Unit)]
public sealed partial class SubclassTests : HubTestBase
{
    private sealed partial class Countdown(List<string> log, int from) : Greenlet
    {
        [Greenlet]
        protected override void Run()
        {
            for (var i = from; i > 0; i--)
            {
                log.Add($"{Name}:{i}");
                Greenlet.Sleep(1);
            }
        }
    }

    private abstract partial class Actor : Greenlet
    {
        public List<string> Inbox { get; } = [];

        [Greenlet]
        protected override void Run()
        {
            for (var turn = 0; turn < 3; turn++)
            {
                Receive($"message {turn}");
                Greenlet.Sleep(0);
            }
        }

        [Greenlet]
        protected abstract void Receive(string message);
    }

    private sealed partial class Echo(List<string> log) : Actor
    {
        protected override void Receive(string message)
        {
            Greenlet.Sleep(0.5);
            log.Add(message);
        }
    }

    [Test]
    public void StartRunsTheRewrittenRun()
    {
        var a = new Countdown(Log, 2) { Name = "a" };
        var b = new Countdown(Log, 2) { Name = "b" };
        Assert.That(a.State, Is.EqualTo(GreenletState.Created));

        a.Start();
        b.Start();
        Greenlet.JoinAll(a, b);

        Assert.That(Log, Is.EqualTo(new[] { "a:2", "b:2", "a:1", "b:1" }));
        Assert.That(Now, Is.EqualTo(2));
    }

    [Test]
    public void OverridesOfGreenletMethodsAreRewrittenToo()
    {
        var echo = new Echo(Log);
        echo.StartLater(1);
        echo.Join();

        Assert.That(Log, Is.EqualTo(new[] { "message 0", "message 1", "message 2" }));
        Assert.That(Now, Is.EqualTo(2.5));
    }
}
