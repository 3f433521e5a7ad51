using System.Runtime.ExceptionServices;

namespace Greenlets;

/// <summary>
/// One JoinAll/Wait call: collects its greenlets as they finish and wakes the waiter when enough have, or, raising
/// errors, as soon as one of them fails (gevent's <c>joinall</c> iterates <c>iwait</c> and raises the first failure it
/// meets). As there, only the first <c>count</c> to finish count: a failure after them is not raised.
/// </summary>
internal sealed class JoinAllWait : ILinkTarget, IWaitSource<IReadOnlyList<Greenlet>>
{
    private readonly Hub _hub;
    private readonly List<Greenlet> _targets;
    private readonly List<Greenlet> _done = [];
    private readonly int _needed;
    private readonly bool _raiseError;
    private Greenlet? _waiter;
    private int _token;

    private JoinAllWait(Hub hub, List<Greenlet> targets, int needed, bool raiseError)
    {
        _hub = hub;
        _targets = targets;
        _needed = needed;
        _raiseError = raiseError;
    }

    public static GreenAwaitable<IReadOnlyList<Greenlet>> Start(Hub hub, IEnumerable<Greenlet> greenlets, double? timeout, bool raiseError, int? count)
    {
        ArgumentNullException.ThrowIfNull(greenlets);
        var targets = greenlets.ToList();
        if (targets.Contains(null!))
        {
            throw new ArgumentException("The greenlets must not contain null.", nameof(greenlets));
        }

        if (count is < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, "The count cannot be negative.");
        }

        var wait = new JoinAllWait(hub, targets, Math.Min(count ?? targets.Count, targets.Count), raiseError);
        foreach (var target in targets)
        {
            target.AddLinkTarget(wait); // finished ones report at once, in the order given
        }

        if (wait.IsSatisfied || timeout is <= 0)
        {
            return new GreenAwaitable<IReadOnlyList<Greenlet>>(wait.Result());
        }

        var waiter = hub.Running ?? throw new InvalidOperationException("A hub callback cannot wait. Spawn a greenlet for work that waits.");
        wait._waiter = waiter;
        wait._token = waiter.WaitToken;
        if (timeout is { } seconds)
        {
            hub.AddTimer(seconds, waiter, waiter.WaitToken);
        }

        hub.Park(waiter);
        return new GreenAwaitable<IReadOnlyList<Greenlet>>(wait);
    }

    /// <summary>Whether the waiter has what it waits for: enough finished greenlets, or a failure to raise among them.</summary>
    private bool IsSatisfied => _done.Count >= _needed || (_raiseError && FirstFailure() is not null);

    public void OnLinkedGreenletDone(Greenlet greenlet)
    {
        _done.Add(greenlet);
        if (_waiter is { } waiter
            && (_done.Count == _needed || (_raiseError && greenlet.Exception is not null && _done.Count <= _needed))
            && waiter.IsParkedIn(_token))
        {
            _hub.Wake(waiter);
        }
    }

    public IReadOnlyList<Greenlet> GetResult(Greenlet waiter, int state)
    {
        var result = Result();
        waiter.ThrowIfInterrupted();
        return result;
    }

    private IReadOnlyList<Greenlet> Result()
    {
        foreach (var target in _targets)
        {
            if (!target.IsDead)
            {
                target.RemoveLinkTarget(this);
            }
        }

        if (_raiseError && FirstFailure() is { } failure)
        {
            ExceptionDispatchInfo.Throw(failure);
        }

        return _done.Count > _needed ? _done.GetRange(0, _needed).ToArray() : _done.ToArray();
    }

    /// <summary>The exception of the first greenlet to fail among the first <c>count</c> to finish.</summary>
    private Exception? FirstFailure()
    {
        for (var i = 0; i < _done.Count && i < _needed; i++)
        {
            if (_done[i].Exception is { } failure)
            {
                return failure;
            }
        }

        return null;
    }
}
