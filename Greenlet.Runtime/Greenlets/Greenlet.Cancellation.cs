using System.Runtime.CompilerServices;

namespace Greenlets;

public partial class Greenlet
{
    // A side table, not a field: greenlets that never ask for a token pay nothing for it.
    private static readonly ConditionalWeakTable<Greenlet, KillTokenSource> s_killTokens = new();

    /// <summary>
    /// A token cancelled when this greenlet dies, whether killed or not: pass it to Task-based APIs (HttpClient, a
    /// database driver) waited on with <see cref="WaitTask(Task, double?)"/>, so a kill also abandons the work.
    /// Created on first use. Callbacks registered on it run on the hub, at the greenlet's death, so they must not
    /// block; one that throws is reported on <see cref="Hub.ErrorWriter"/>.
    /// </summary>
    /// <remarks>gevent: none (gevent has no cancellation tokens); a kill raises <c>GreenletExit</c> instead.</remarks>
    public CancellationToken KillToken
    {
        get
        {
            if (Dead)
            {
                return new CancellationToken(canceled: true);
            }

            if (!s_killTokens.TryGetValue(this, out var source))
            {
                source = new KillTokenSource();
                s_killTokens.Add(this, source);
                AddLinkTarget(source);
            }

            return source.Token;
        }
    }

    /// <summary>Cancels a greenlet's kill token when it dies.</summary>
    private sealed class KillTokenSource : CancellationTokenSource, ILinkTarget
    {
        public void OnLinkedGreenletDone(Greenlet greenlet)
        {
            s_killTokens.Remove(greenlet);
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
