using Greenlets.LowLevel;

namespace Greenlets.Tests.LowLevel;

/// <summary>HubToken: posts from other threads enter through the doorbell, in order; KeepAlive; a hub that ended refuses posts.</summary>
[Category(TestCategories.Unit)]
public sealed partial class HubTokenTests : HubTestBase
{
    [Test]
    public void APostFromAnotherThreadRunsOnTheHubThreadAndUnparksTheMainGreenlet()
    {
        var token = HubToken.Current;
        var lot = new ParkingLot();
        var hubThread = Environment.CurrentManagedThreadId;
        var ranOn = -1;
        using (token.KeepAlive())
        {
            var poster = new Thread(() =>
            {
                for (var i = 0; i < 3; i++)
                {
                    var n = i;
                    token.Post(() => Log.Add($"post {n}"));
                }

                token.Post(() =>
                {
                    ranOn = Environment.CurrentManagedThreadId;
                    lot.UnparkOne();
                });
            });
            poster.Start();

            Assert.That(lot.Park(), Is.True);
            poster.Join();
        }

        Assert.That(Log, Is.EqualTo(new[] { "post 0", "post 1", "post 2" }));
        Assert.That(ranOn, Is.EqualTo(hubThread));
    }

    [Test]
    public void WithoutKeepAliveAWaitOnlyAPostCouldEndFailsAsBlockingForever()
    {
        _ = HubToken.Current;

        Assert.Throws<LoopExitException>(() => new ParkingLot().Park());
    }

    [Test]
    public void ReleasingTheKeepAliveFromAnotherThreadLetsTheHubReportTheDeadlock()
    {
        var token = HubToken.Current;
        var hold = token.KeepAlive();
        var releaser = new Thread(hold.Dispose);
        releaser.Start();

        Assert.Throws<LoopExitException>(() => new ParkingLot().Park());
        releaser.Join();
    }

    [Test]
    public void TheTokenIsOnePerHub()
    {
        var first = HubToken.Current;
        var second = HubToken.Current;

        Assert.That(second, Is.SameAs(first));
        Assert.That(HubToken.Current.Hub, Is.SameAs(Hub));
        Assert.That(HubToken.Current.HasHubEnded, Is.False);
    }

    [Test]
    public void APostAfterTheHubEndedIsRefusedAndNeverRuns()
    {
        HubToken token;
        var ran = false;
        using (global::Greenlets.Hub.Install(HubClock.Virtual()))
        {
            token = HubToken.Current;
        }

        Assert.That(token.HasHubEnded, Is.True);
        Assert.That(token.Post(() => ran = true), Is.False);
        Greenlet.Sleep(0); // the test's own hub runs: nothing of the ended one arrives here
        Assert.That(ran, Is.False);
    }
}
