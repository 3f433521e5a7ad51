using System.Net;
using System.Net.Sockets;

namespace Greenlets.Tests.Dns;

/// <summary>GreenDns: numeric addresses answer at once; names resolve on the thread pool while other greenlets run.</summary>
[Category(TestCategories.Unit)]
public sealed partial class GreenDnsTests : HubTestBase
{
    protected override HubClock CreateClock() => HubClock.Virtual(ioGrace: TimeSpan.FromMilliseconds(50));

    [Greenlet]
    private void Resolve(string host)
    {
        try
        {
            var addresses = GreenDns.GetHostAddresses(host); // no timer: the virtual clock waits for the resolver however long it takes
            Log.Add($"{host}: {string.Join(" ", addresses.Select(a => a.ToString()))}");
        }
        catch (SocketException exception)
        {
            Log.Add($"{host}: {exception.SocketErrorCode}");
        }
    }

    [Greenlet]
    private void Other() => Log.Add("other runs");

    [TestCase("127.0.0.1", "127.0.0.1")]
    [TestCase("::1", "::1")]
    [TestCase("fe80::1%1", "fe80::1%1")]
    public void NumericAddressIsAnsweredAtOnceWithoutSwitching(string host, string expected)
    {
        var resolver = Greenlet.Spawn(Resolve, host);
        var other = Greenlet.Spawn(Other);
        Greenlet.JoinAll(resolver, other);

        Assert.That(Log, Is.EqualTo(new[] { $"{host}: {expected}", "other runs" }));
        Assert.That(Hub.ExternalWorkCount, Is.Zero);
    }

    [Test]
    public void NameResolvesOnTheThreadPoolWhileOtherGreenletsRun()
    {
        var resolver = Greenlet.Spawn(Resolve, "localhost");
        var other = Greenlet.Spawn(Other);
        Greenlet.JoinAll(resolver, other);

        Assert.That(Log[0], Is.EqualTo("other runs"), "the resolver waited for the pool, so the other greenlet ran first");
        Assert.That(Log[1], Does.StartWith("localhost: "));
        Assert.That(Log[1], Does.Contain("127.0.0.1").Or.Contain("::1"));
    }

    [Test]
    public void UnknownNameRaisesTheResolversSocketException()
    {
        Greenlet.Spawn(Resolve, "no-such-host.invalid").Join();

        Assert.That(Log, Is.EqualTo(new[] { "no-such-host.invalid: HostNotFound" }));
    }

    [Test]
    public void HostEntryOfANumericAddressNamesItselfWithoutAReverseLookup()
    {
        var entry = GreenDns.GetHostEntry("10.1.2.3");

        Assert.That(entry.HostName, Is.EqualTo("10.1.2.3"));
        Assert.That(entry.AddressList, Is.EqualTo(new[] { IPAddress.Parse("10.1.2.3") }));
        Assert.That(entry.Aliases, Is.Empty);
    }

    [Test]
    public void HostEntryOfANameComesFromTheResolver()
    {
        var entry = GreenDns.GetHostEntry("localhost");

        Assert.That(entry.AddressList, Has.Some.Matches<IPAddress>(IPAddress.IsLoopback));
    }

    [Test]
    public void EmptyOrNullHostIsRejected()
    {
        Assert.Throws<ArgumentException>(() => GreenDns.GetHostAddresses(" "));
        Assert.Throws<ArgumentNullException>(() => GreenDns.GetHostEntry(null!));
    }
}
