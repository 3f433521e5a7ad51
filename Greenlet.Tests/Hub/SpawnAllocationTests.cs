namespace Greenlets.Tests.Hub;

/// <summary>
/// What a spawn costs in memory, counted in bytes this thread allocated: a [Greenlet] method's greenlet is one object,
/// its state machine inline, whether or not the method reads every argument (the twin reads the rest, so that the
/// greenlet's description can show them); a plain delegate's is the greenlet, the spawn's closure and its delegate.
/// </summary>
[Category(TestCategories.Unit)]
public sealed partial class SpawnAllocationTests : HubTestBase
{
    private const int Spawns = 4_000;

    [Greenlet]
    private static int ReadsBoth(int a, string b) => a + b.Length;

    [Greenlet]
    private static int ReadsOne(int a, string unread) => a;

    private static int PlainReadsBoth(int a, string b) => a + b.Length;

    [Test]
    public void SpawnAndJoinOfAGreenletMethodAllocatesOneObjectWhetherOrNotItReadsItsArguments()
    {
        var both = BytesPerSpawnAndJoin(() => Greenlet.Spawn(ReadsBoth, 1, "b"));
        var one = BytesPerSpawnAndJoin(() => Greenlet.Spawn(ReadsOne, 1, "b"));

        TestContext.Out.WriteLine($"[Greenlet] spawn+join: {both} B reading both arguments, {one} B reading one");
        // 176 bytes, as before the twin read every argument: the greenlet and its state machine (and what JoinAll's
        // result adds, spread over the spawns). A method that leaves an argument unread now keeps it too: its 8 bytes
        // in the same object, where that argument's field used to be left out of it.
        Assert.That(both, Is.LessThan(177), "bytes per spawn and join of a [Greenlet] method");
        Assert.That(one, Is.EqualTo(both), "the unread argument is kept in the same object");
    }

    [Test]
    public void SpawnAndJoinOfAPlainDelegateAllocatesNoMoreThanBefore()
    {
        var plain = BytesPerSpawnAndJoin(() => Greenlet.Spawn(PlainReadsBoth, 1, "b"));

        TestContext.Out.WriteLine($"plain spawn+join: {plain} B");
        // 224 bytes, as before its description showed the arguments: they are read from the spawn's own closure.
        Assert.That(plain, Is.LessThan(225), "bytes per spawn and join of a plain method");
    }

    private static double BytesPerSpawnAndJoin(Func<Greenlet> spawn)
    {
        var greenlets = new Greenlet[Spawns];
        SpawnAndJoinAll(spawn, greenlets); // the first round sizes the ready queue and the live table
        var before = GC.GetAllocatedBytesForCurrentThread();
        SpawnAndJoinAll(spawn, greenlets);
        return (GC.GetAllocatedBytesForCurrentThread() - before) / (double)Spawns;
    }

    private static void SpawnAndJoinAll(Func<Greenlet> spawn, Greenlet[] greenlets)
    {
        for (var i = 0; i < greenlets.Length; i++)
        {
            greenlets[i] = spawn();
        }

        Greenlet.JoinAll(greenlets);
    }
}
