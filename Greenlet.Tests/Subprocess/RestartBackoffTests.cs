namespace Greenlets.Tests.Subprocess;

/// <summary>The delay before a prefork worker that died is started again: doubling for a crash loop, reset by a worker that lived.</summary>
[TestFixture]
[Category(TestCategories.Unit)]
public sealed class RestartBackoffTests
{
    [Test]
    public void ShortLivedDeathsInARowDoubleTheDelayUpToTheMaximum()
    {
        var backoff = new RestartBackoff(min: 0.1, max: 1, stableAfter: 5);

        var delays = Enumerable.Range(0, 6).Select(_ => backoff.Next(livedSeconds: 0.5)).ToList();

        Assert.That(delays, Is.EqualTo(new[] { 0.1, 0.2, 0.4, 0.8, 1, 1 }));
    }

    [Test]
    public void AWorkerThatLivedLongEnoughStartsAgainAfterTheMinimum()
    {
        var backoff = new RestartBackoff(min: 0.1, max: 10, stableAfter: 5);
        backoff.Next(1);
        backoff.Next(1);

        Assert.That(backoff.Next(livedSeconds: 5), Is.EqualTo(0.1));
        Assert.That(backoff.Next(livedSeconds: 1), Is.EqualTo(0.2), "a short life after it doubles from the minimum again");
    }
}
