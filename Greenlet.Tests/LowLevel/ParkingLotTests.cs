using Greenlets.LowLevel;

namespace Greenlets.Tests.LowLevel;

/// <summary>
/// ParkingLot: FIFO unparking, counts of who woke, timeouts, kills, reparking, and a lot used from plain code.
/// </summary>
[Category(TestCategories.Unit)]
public sealed partial class ParkingLotTests : HubTestBase
{
    [Greenlet]
    private void Parker(string name, ParkingLot lot, double? timeout)
    {
        Log.Add($"{name} parks");
        var unparked = lot.Park(timeout);
        Log.Add($"{name} {(unparked ? "unparked" : "timed out")} at {Now}");
    }

    [Greenlet]
    private void ParkerCatchingExit(string name, ParkingLot lot)
    {
        try
        {
            lot.Park();
            Log.Add($"{name} unparked");
        }
        catch (GreenletExit)
        {
            Log.Add($"{name} killed");
            throw;
        }
    }

    [Test]
    public void UnparkOneWakesTheLongestParkedAndReportsHowManyWoke()
    {
        var lot = new ParkingLot();
        Greenlet.Spawn(Parker, "a", lot, (double?)null);
        Greenlet.Spawn(Parker, "b", lot, (double?)null);
        Greenlet.Spawn(Parker, "c", lot, (double?)null);
        Greenlet.Sleep(0);
        Assert.That(lot.ParkedCount, Is.EqualTo(3));

        Assert.That(lot.UnparkOne(), Is.EqualTo(1));
        Assert.That(lot.Unpark(5), Is.EqualTo(2), "only two were left");
        Assert.That(lot.UnparkOne(), Is.Zero, "nobody is parked");
        Greenlet.Sleep(0);

        Assert.That(Log, Is.EqualTo(new[] { "a parks", "b parks", "c parks", "a unparked at 0", "b unparked at 0", "c unparked at 0" }));
        Assert.That(lot.ParkedCount, Is.Zero);
    }

    [Test]
    public void UnparkAllWakesEveryParkerInParkingOrderAndNeverSwitches()
    {
        var lot = new ParkingLot();
        foreach (var name in new[] { "a", "b", "c", "d" })
        {
            Greenlet.Spawn(Parker, name, lot, (double?)null);
        }

        Greenlet.Sleep(0);
        Log.Add("main unparks");
        Assert.That(lot.UnparkAll(), Is.EqualTo(4));
        Log.Add("main continues");
        Greenlet.Sleep(0);

        Assert.That(Log.Skip(4), Is.EqualTo(new[] { "main unparks", "main continues", "a unparked at 0", "b unparked at 0", "c unparked at 0", "d unparked at 0" }));
    }

    [Test]
    public void ATimedOutParkerLeavesTheLotAndIsNeverCountedByAnUnpark()
    {
        var lot = new ParkingLot();
        Greenlet.Spawn(Parker, "quick", lot, (double?)1);
        Greenlet.Spawn(Parker, "patient", lot, (double?)null);
        Greenlet.Sleep(2);

        Assert.That(lot.ParkedCount, Is.EqualTo(1), "the timed-out parker left");
        Assert.That(lot.UnparkOne(), Is.EqualTo(1));
        Greenlet.Sleep(0);
        Assert.That(lot.UnparkAll(), Is.Zero);

        Assert.That(Log, Is.EqualTo(new[] { "quick parks", "patient parks", "quick timed out at 1", "patient unparked at 2" }));
    }

    [Test]
    public void AKilledParkerLeavesTheLotSoTheUnparkReachesTheNextOne()
    {
        var lot = new ParkingLot();
        var first = Greenlet.Spawn(ParkerCatchingExit, "first", lot);
        var second = Greenlet.Spawn(ParkerCatchingExit, "second", lot);
        Greenlet.Sleep(0);

        first.Kill();
        Assert.That(lot.ParkedCount, Is.EqualTo(1));
        Assert.That(lot.UnparkOne(), Is.EqualTo(1), "the unpark went to the parker still there");
        second.Join();

        Assert.That(Log, Is.EqualTo(new[] { "first killed", "second unparked" }));
        Assert.That(second.IsSuccessful, Is.True);
    }

    [Test]
    public void AParkerKilledAfterItsUnparkRaisesTheKillAndIsNotWokenAgain()
    {
        var lot = new ParkingLot();
        var parker = Greenlet.Spawn(ParkerCatchingExit, "a", lot);
        Greenlet.Sleep(0);

        Assert.That(lot.UnparkOne(), Is.EqualTo(1));
        parker.Kill(block: false);
        Assert.That(lot.UnparkAll(), Is.Zero, "it left the lot with the first unpark");
        parker.Join();

        Assert.That(Log, Is.EqualTo(new[] { "a killed" }));
    }

    [Test]
    public void ParkWithAZeroTimeoutReturnsFalseAtOnceWithoutParking()
    {
        var lot = new ParkingLot();

        Assert.That(lot.Park(0), Is.False);
        Assert.That(lot.ParkedCount, Is.Zero);
        Assert.That(Now, Is.Zero);
    }

    [Test]
    public void PlainCodeParksTheMainGreenletUntilAGreenletUnparksIt()
    {
        var lot = new ParkingLot();
        Greenlet.Spawn(() =>
        {
            Log.Add("unparking main");
            lot.UnparkOne();
        });

        Assert.That(lot.Park(5), Is.True);
        Assert.That(Log, Is.EqualTo(new[] { "unparking main" }));
        Assert.That(lot.Park(3), Is.False, "nobody unparks it the second time");
        Assert.That(Now, Is.EqualTo(3));
    }

    [Test]
    public void ParkingFromAPlainMethodInsideAGreenletFailsNamingTheOperation()
    {
        var lot = new ParkingLot();
#pragma warning disable GRN0202 // the plain Park inside a greenlet must fail: that is what this test checks
        var greenlet = Greenlet.Spawn(() => lot.Park());
#pragma warning restore GRN0202
        greenlet.Join();

        Assert.That(greenlet.Exception, Is.InstanceOf<GreenletContextException>());
        Assert.That(greenlet.Exception!.Message, Does.Contain("ParkingLot.Park"));
    }

    [Test]
    public void ReparkMovesTheLongestParkedWithoutWakingThemAndTheirTimeoutsStillApply()
    {
        var from = new ParkingLot();
        var to = new ParkingLot();
        Greenlet.Spawn(Parker, "a", from, (double?)5);
        Greenlet.Spawn(Parker, "b", from, (double?)null);
        Greenlet.Spawn(Parker, "c", from, (double?)null);
        Greenlet.Sleep(0);

        Assert.That(from.Repark(to, 2), Is.EqualTo(2));
        Assert.That((from.ParkedCount, to.ParkedCount), Is.EqualTo((1, 2)));
        Greenlet.Sleep(6);
        Assert.That(to.UnparkAll(), Is.EqualTo(1), "a timed out in its new lot");
        Assert.That(from.UnparkAll(), Is.EqualTo(1));
        Greenlet.Sleep(0);

        Assert.That(Log.Skip(3), Is.EqualTo(new[] { "a timed out at 5", "b unparked at 6", "c unparked at 6" }));
    }
}
