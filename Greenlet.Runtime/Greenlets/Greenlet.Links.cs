namespace Greenlets;

/// <summary>Something notified, on the hub, the moment a greenlet it is linked to finishes.</summary>
internal interface ILinkTarget
{
    void OnLinkedGreenletDone(Greenlet greenlet);
}

public partial class Greenlet
{
    private int _singleLinkToken;

    /// <summary>
    /// Calls <paramref name="callback"/> on the hub once this greenlet finishes, however it finishes.
    /// Linking after it finished still calls back (on the hub's next pass). Callbacks must not block.
    /// </summary>
    /// <param name="callback">Receives the finished greenlet.</param>
    /// <remarks>gevent: <c>Greenlet.link(callback)</c>.</remarks>
    public void Link(Action<Greenlet> callback) => AddCallback(callback, LinkKind.Any);

    /// <summary>Like <see cref="Link"/>, but only if the greenlet finishes successfully.</summary>
    /// <param name="callback">Receives the finished greenlet.</param>
    /// <remarks>gevent: <c>Greenlet.link_value(callback)</c>.</remarks>
    public void LinkValue(Action<Greenlet> callback) => AddCallback(callback, LinkKind.Value);

    /// <summary>Like <see cref="Link"/>, but only if the greenlet fails.</summary>
    /// <param name="callback">Receives the finished greenlet.</param>
    /// <remarks>gevent: <c>Greenlet.link_exception(callback)</c>.</remarks>
    public void LinkException(Action<Greenlet> callback) => AddCallback(callback, LinkKind.Exception);

    /// <summary>Delivers this greenlet's outcome to <paramref name="result"/> when it finishes: its value, or its exception.</summary>
    /// <typeparam name="T">The result's value type.</typeparam>
    /// <param name="result">The result to complete.</param>
    /// <remarks>gevent: <c>Greenlet.link(async_result)</c>.</remarks>
    public void Link<T>(AsyncResult<T> result)
    {
        ArgumentNullException.ThrowIfNull(result);
        AddCallback(result.ReceiveFrom, LinkKind.Any);
    }

    /// <summary>Removes every link to <paramref name="callback"/>.</summary>
    /// <param name="callback">The callback given to a Link method.</param>
    /// <remarks>gevent: <c>Greenlet.unlink(callback)</c>.</remarks>
    public void Unlink(Action<Greenlet> callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        RemoveLinks(link => link is CallbackLink c && c.Callback == callback);
    }

    private void AddCallback(Action<Greenlet> callback, LinkKind kind)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var link = new CallbackLink(callback, kind);
        if (IsDead)
        {
            Hub.Enqueue(new LinkNotification(this, [link]));
        }
        else
        {
            AddLink(link, 0);
        }
    }

    /// <summary>Registers a parked greenlet to wake when this one finishes; stale once its wait token moves on.</summary>
    internal void AddJoiner(Greenlet joiner) => AddLink(joiner, joiner.WaitToken);

    /// <summary>Drops a joiner whose wait ended some other way (timeout, kill).</summary>
    internal void RemoveJoiner(Greenlet joiner) => RemoveLinks(link => ReferenceEquals(link, joiner));

    internal void AddLinkTarget(ILinkTarget target)
    {
        if (IsDead)
        {
            target.OnLinkedGreenletDone(this);
        }
        else
        {
            AddLink(target, 0);
        }
    }

    internal void RemoveLinkTarget(ILinkTarget target) => RemoveLinks(link => ReferenceEquals(link, target));

    private void AddLink(object link, int token)
    {
        switch (Links)
        {
            case null:
                Links = link;
                _singleLinkToken = token;
                break;
            case LinkList list:
                if (list.Count >= 16 && list.Count == list.Capacity)
                {
                    list.RemoveAll(entry => entry.IsStaleJoiner);
                }

                list.Add(new LinkEntry(link, token));
                break;
            default:
                Links = new LinkList { new(Links, _singleLinkToken), new(link, token) };
                break;
        }
    }

    private void RemoveLinks(Func<object, bool> match)
    {
        switch (Links)
        {
            case LinkList list:
                list.RemoveAll(entry => match(entry.Target));
                break;
            case { } single when match(single):
                Links = null;
                break;
        }
    }

    /// <summary>At death: wakes joiners and link targets now, in link order, and queues the callbacks for the hub.</summary>
    private void NotifyLinks(Hub hub)
    {
        // The common deaths have no link or one (a joiner): handled here, the list out of line.
        var links = Links;
        if (links is null)
        {
            return;
        }

        Links = null;
        if (links is LinkList list)
        {
            NotifyAll(hub, list);
        }
        else if (Notify(hub, links, _singleLinkToken) is { } single)
        {
            hub.Enqueue(new LinkNotification(this, [single]));
        }
    }

    private void NotifyAll(Hub hub, LinkList list)
    {
        List<CallbackLink>? callbacks = null;
        foreach (var entry in list)
        {
            if (Notify(hub, entry.Target, entry.Token) is { } callback)
            {
                (callbacks ??= []).Add(callback);
            }
        }

        if (callbacks is not null)
        {
            hub.Enqueue(new LinkNotification(this, callbacks));
        }
    }

    private CallbackLink? Notify(Hub hub, object link, int token)
    {
        switch (link)
        {
            case Greenlet joiner:
                if (joiner.IsParkedIn(token))
                {
                    hub.Wake(joiner);
                }

                return null;
            case ILinkTarget target:
                target.OnLinkedGreenletDone(this);
                return null;
            default:
                return (CallbackLink)link;
        }
    }

    private enum LinkKind : byte
    {
        Any,
        Value,
        Exception,
    }

    /// <summary>Two links or more. Sealed, so telling it from a single link is one type compare, not a walk up the greenlet's class chain.</summary>
    private sealed class LinkList : List<LinkEntry>
    {
    }

    private readonly record struct LinkEntry(object Target, int Token)
    {
        public bool IsStaleJoiner => Target is Greenlet joiner && (joiner.WaitToken != Token || joiner.State != GreenletState.Parked);
    }

    private sealed record CallbackLink(Action<Greenlet> Callback, LinkKind Kind);

    /// <summary>Runs a finished greenlet's callbacks on the hub, in link order.</summary>
    private sealed class LinkNotification(Greenlet greenlet, List<CallbackLink> callbacks) : IHubRunnable
    {
        public void RunOnHub(Hub hub)
        {
            foreach (var link in callbacks)
            {
                var wanted = link.Kind switch
                {
                    LinkKind.Value => greenlet.IsSuccessful,
                    LinkKind.Exception => !greenlet.IsSuccessful,
                    _ => true,
                };
                if (!wanted)
                {
                    continue;
                }

                try
                {
                    link.Callback(greenlet);
                }
                catch (Exception exception)
                {
                    // As in gevent, a failing callback is reported and the hub keeps going.
                    hub.ReportCallbackFailure(link.Callback, greenlet, exception);
                }
            }
        }
    }
}
