namespace Greenlets;

public partial class Greenlet
{
    /// <summary>
    /// A token cancelled when this greenlet dies, whether killed or not: pass it to Task-based APIs (HttpClient, a
    /// database driver) waited on with <see cref="WaitTask(Task, GreenDuration?)"/>, so a kill also abandons the work.
    /// Created on first use and kept among the greenlet's links, so greenlets that never ask pay nothing for it, not
    /// even a field. Read it on the greenlet's hub thread. Callbacks registered on it run on the hub, at the
    /// greenlet's death, so they must not block; one that throws is reported on <see cref="Hub.ErrorWriter"/>.
    /// </summary>
    /// <remarks>gevent: none (gevent has no cancellation tokens); a kill raises <c>GreenletExit</c> instead.</remarks>
    public CancellationToken KillToken
    {
        get
        {
            if (IsDead)
            {
                return new CancellationToken(canceled: true);
            }

            if (FindKillTokenSource() is { } existing)
            {
                return existing.Token;
            }

            var source = new KillTokenSource();
            AddLinkTarget(source);
            return source.Token;
        }
    }

    private KillTokenSource? FindKillTokenSource()
    {
        switch (Links)
        {
            case KillTokenSource single:
                return single;
            case LinkList list:
                foreach (var entry in list)
                {
                    if (entry.Target is KillTokenSource source)
                    {
                        return source;
                    }
                }

                return null;
            default:
                return null;
        }
    }

    /// <summary>Cancels a greenlet's kill token when it dies.</summary>
    private sealed class KillTokenSource : CancellationTokenSource, ILinkTarget
    {
        public void OnLinkedGreenletDone(Greenlet greenlet)
        {
            try
            {
                Cancel();
            }
            catch (AggregateException failures)
            {
                greenlet.Hub.ErrorWriter.WriteLine($"A callback on the kill token of {greenlet} failed: {failures.InnerException}");
            }
        }
    }
}
