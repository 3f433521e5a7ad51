namespace Greenlets.Tests.Hub;

/// <summary>The hub's platform check, through its seam: only Linux runs here, so the other answer is asked for directly.</summary>
[Category(TestCategories.Unit)]
public sealed class PlatformSupportTests
{
    [Test]
    public void LinuxPasses() => Assert.That(PlatformSupport.Check(isLinux: true, "Linux 6.1.0"), Is.Null);

    [Test]
    public void AnotherSystemIsToldWhatIsMissing()
    {
        var exception = PlatformSupport.Check(isLinux: false, "Darwin 23.4.0");

        Assert.That(exception, Is.InstanceOf<PlatformNotSupportedException>());
        Assert.That(exception!.Message, Does.Contain("Linux only").And.Contain("Darwin 23.4.0")
            .And.Contain("epoll").And.Contain("eventfd").And.Contain("SOCK_NONBLOCK"));
    }

    [Test]
    public void ANewHubOnThisSystemPassesTheCheck()
    {
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                _ = Greenlets.Hub.Current; // created on first use, after the check
            }
            catch (Exception exception)
            {
                failure = exception;
            }
        });
        thread.Start();
        thread.Join();

        Assert.That(failure, Is.Null);
    }
}
