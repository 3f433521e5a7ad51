using System.ComponentModel;
using System.Runtime.CompilerServices;
namespace Greenlets;

/// <summary>
/// A green selector: register sockets and raw descriptors with the events to watch, then <see cref="Select"/> parks
/// only the calling greenlet on the hub's reactor until some are ready, as Python's <c>selectors.DefaultSelector</c>
/// does under gevent. Readiness is level: what is ready when <see cref="Select"/> starts is returned at once.
/// </summary>
/// <remarks>
/// <para>gevent: <c>gevent.selectors.GeventSelector</c> (<c>selectors.DefaultSelector</c> once monkey-patched).</para>
/// <para>
/// Keys are per descriptor, as in Python: a socket and its <see cref="GreenSocket.FileNo"/> are the same key. The
/// errors are Python's: registering a descriptor twice, or modifying, unregistering or looking up one that is not
/// registered, throws <see cref="SelectorKeyException"/> (a <see cref="KeyNotFoundException"/>, Python's
/// <c>KeyError</c>); invalid events or a negative descriptor throw <see cref="ArgumentException"/> (Python's
/// <c>ValueError</c>). <see cref="Select"/> lists ready keys in registration order, where Python lists them in the
/// kernel's order. Before closing a raw descriptor that was selected on, call <see cref="LowLevel.HubLoop.CancelWaits"/>, as
/// for any descriptor the hub watched; a <see cref="GreenSocket"/> does that itself when it closes.
/// </para>
/// </remarks>
public sealed class GreenSelector : IDisposable
{
    private const string Name = "GreenSelector.Select";

    private Dictionary<int, SelectorKey>? _keys = [];

    /// <summary>True once <see cref="Close"/> ran.</summary>
    /// <remarks>gevent: <c>selector.get_map() is None</c> after <c>close()</c>.</remarks>
    public bool IsClosed => _keys is null;

    /// <summary>Registers <paramref name="socket"/> for <paramref name="events"/>, with <paramref name="data"/> to find it by.</summary>
    /// <param name="socket">An open socket not yet registered here.</param>
    /// <param name="events"><see cref="IoEvents.Read"/>, <see cref="IoEvents.Write"/>, or both.</param>
    /// <param name="data">Anything the caller wants back in the key.</param>
    /// <returns>The new key.</returns>
    /// <exception cref="SelectorKeyException">The socket's descriptor is registered already.</exception>
    /// <exception cref="ArgumentException"><paramref name="events"/> is empty or has other bits.</exception>
    /// <remarks>gevent: <c>selector.register(sock, events, data=None)</c>.</remarks>
    public SelectorKey Register(GreenSocket socket, IoEvents events, object? data = null)
    {
        ArgumentNullException.ThrowIfNull(socket);
        return Add(socket, socket.LiveFd(), events, data);
    }

    /// <summary>Registers the raw descriptor <paramref name="fd"/> (a pipe, an eventfd) for <paramref name="events"/>.</summary>
    /// <param name="fd">An open descriptor not yet registered here, which no socket of this hub owns.</param>
    /// <param name="events"><see cref="IoEvents.Read"/>, <see cref="IoEvents.Write"/>, or both.</param>
    /// <param name="data">Anything the caller wants back in the key.</param>
    /// <returns>The new key.</returns>
    /// <exception cref="SelectorKeyException"><paramref name="fd"/> is registered already.</exception>
    /// <exception cref="ArgumentException"><paramref name="events"/> is invalid, or <paramref name="fd"/> is negative.</exception>
    /// <remarks>gevent: <c>selector.register(fd, events, data=None)</c>.</remarks>
    public SelectorKey Register(int fd, IoEvents events, object? data = null) => Add(fd, fd, events, data);

    /// <summary>Changes the events or data of a registered socket.</summary>
    /// <param name="socket">A registered socket.</param>
    /// <param name="events">The events to watch from now on.</param>
    /// <param name="data">The key's new data.</param>
    /// <returns>The key, the same object when neither events nor data changed.</returns>
    /// <exception cref="SelectorKeyException">The socket is not registered.</exception>
    /// <exception cref="ArgumentException"><paramref name="events"/> is invalid.</exception>
    /// <remarks>gevent: <c>selector.modify(sock, events, data=None)</c>.</remarks>
    public SelectorKey Modify(GreenSocket socket, IoEvents events, object? data = null)
    {
        ArgumentNullException.ThrowIfNull(socket);
        return Change(socket, socket.FileNo, events, data);
    }

    /// <summary>Changes the events or data of a registered descriptor.</summary>
    /// <param name="fd">A registered descriptor.</param>
    /// <param name="events">The events to watch from now on.</param>
    /// <param name="data">The key's new data.</param>
    /// <returns>The key, the same object when neither events nor data changed.</returns>
    /// <exception cref="SelectorKeyException"><paramref name="fd"/> is not registered.</exception>
    /// <exception cref="ArgumentException"><paramref name="events"/> is invalid.</exception>
    /// <remarks>gevent: <c>selector.modify(fd, events, data=None)</c>.</remarks>
    public SelectorKey Modify(int fd, IoEvents events, object? data = null) => Change(fd, fd, events, data);

    /// <summary>Stops watching <paramref name="socket"/>.</summary>
    /// <param name="socket">A registered socket.</param>
    /// <returns>The key it had.</returns>
    /// <exception cref="SelectorKeyException">The socket is not registered.</exception>
    /// <remarks>gevent: <c>selector.unregister(sock)</c>.</remarks>
    public SelectorKey Unregister(GreenSocket socket)
    {
        ArgumentNullException.ThrowIfNull(socket);
        return Remove(socket, socket.FileNo);
    }

    /// <summary>Stops watching <paramref name="fd"/>.</summary>
    /// <param name="fd">A registered descriptor.</param>
    /// <returns>The key it had.</returns>
    /// <exception cref="SelectorKeyException"><paramref name="fd"/> is not registered.</exception>
    /// <remarks>gevent: <c>selector.unregister(fd)</c>.</remarks>
    public SelectorKey Unregister(int fd) => Remove(fd, fd);

    /// <summary>The key of a registered socket.</summary>
    /// <param name="socket">A registered socket.</param>
    /// <returns>Its key.</returns>
    /// <exception cref="SelectorKeyException">The socket is not registered.</exception>
    /// <remarks>gevent: <c>selector.get_key(sock)</c>.</remarks>
    public SelectorKey GetKey(GreenSocket socket)
    {
        ArgumentNullException.ThrowIfNull(socket);
        return Find(socket, socket.FileNo);
    }

    /// <summary>The key of a registered descriptor.</summary>
    /// <param name="fd">A registered descriptor.</param>
    /// <returns>Its key.</returns>
    /// <exception cref="SelectorKeyException"><paramref name="fd"/> is not registered.</exception>
    /// <remarks>gevent: <c>selector.get_key(fd)</c>.</remarks>
    public SelectorKey GetKey(int fd) => Find(fd, fd);

    /// <summary>Every key by descriptor; null once the selector is closed, as Python's <c>get_map()</c> returns None.</summary>
    /// <returns>A snapshot of the registrations, or null.</returns>
    /// <remarks>gevent: <c>selector.get_map()</c>.</remarks>
    public IReadOnlyDictionary<int, SelectorKey>? GetMap() => _keys is null ? null : new Dictionary<int, SelectorKey>(_keys);

    /// <summary>
    /// Waits (cooperatively) until some registered sockets or descriptors are ready for the events they were
    /// registered with, or <paramref name="timeout"/> passes. Only the calling greenlet waits.
    /// </summary>
    /// <param name="timeout">The longest wait; null waits as long as it takes; zero or less only looks.</param>
    /// <returns>Each ready key with the events it is ready for, in registration order; empty on timeout.</returns>
    /// <exception cref="ArgumentException">Nothing is registered and there is no timeout: nothing could end the wait.</exception>
    /// <exception cref="ObjectDisposedException">The selector, or a registered socket, is closed.</exception>
    /// <remarks>gevent: <c>selector.select(timeout=None)</c>.</remarks>
    [Cooperative(nameof(SelectAwaitable))]
    public IReadOnlyList<(SelectorKey Key, IoEvents Events)> Select(GreenDuration? timeout = null)
    {
        var (keys, read, write) = Snapshot();
        return Ready(keys, read, write, GreenSelect.SelectFds(read, write, [], NonNegative(timeout), WatchOf(keys), Name));
    }

    /// <summary>The form rewritten <c>[Greenlet]</c> code awaits; write <see cref="Select"/> instead.</summary>
    /// <param name="timeout">The longest wait; null waits as long as it takes.</param>
    /// <returns>The awaitable operation.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public async GreenTask<IReadOnlyList<(SelectorKey Key, IoEvents Events)>> SelectAwaitable(GreenDuration? timeout = null)
    {
        var (keys, read, write) = Snapshot();
        return Ready(keys, read, write, await GreenSelect.SelectFdsAsync(read, write, [], NonNegative(timeout), WatchOf(keys)));
    }

    /// <summary>Drops every registration; later calls throw <see cref="ObjectDisposedException"/>. Closes no socket or descriptor.</summary>
    /// <remarks>gevent: <c>selector.close()</c>.</remarks>
    public void Close() => _keys = null;

    /// <summary>Closes the selector, as <see cref="Close"/> does.</summary>
    public void Dispose() => Close();

    /// <inheritdoc/>
    public override string ToString() => IsClosed ? "GreenSelector(closed)" : $"GreenSelector({_keys!.Count} registered)";

    private static double? NonNegative(GreenDuration? timeout) => timeout.InSeconds() is { } seconds ? Math.Max(0, seconds) : null;

    private static IoEvents Valid(IoEvents events) =>
        events == IoEvents.None || (events & ~(IoEvents.Read | IoEvents.Write)) != 0
            ? throw new ArgumentException($"Invalid events: {(int)events}; a selector watches Read, Write, or both.", nameof(events))
            : events;

    private Dictionary<int, SelectorKey> Keys() => _keys ?? throw new ObjectDisposedException(nameof(GreenSelector));

    private SelectorKey Add(object fileObject, int fd, IoEvents events, object? data)
    {
        var keys = Keys();
        Valid(events);
        ArgumentOutOfRangeException.ThrowIfNegative(fd);
        if (keys.TryGetValue(fd, out var existing))
        {
            throw new SelectorKeyException($"{fileObject} (fd {fd}) is already registered, as {existing.FileObject}; use Modify to change its events.");
        }

        var key = new SelectorKey(fileObject, fd, events, data);
        keys.Add(fd, key);
        return key;
    }

    private SelectorKey Change(object fileObject, int fd, IoEvents events, object? data)
    {
        var key = Find(fileObject, fd);
        Valid(events);
        if (key.Events == events && Equals(key.Data, data))
        {
            return key;
        }

        return _keys![fd] = key with { Events = events, Data = data };
    }

    private SelectorKey Remove(object fileObject, int fd)
    {
        var key = Find(fileObject, fd);
        _keys!.Remove(fd);
        return key;
    }

    private SelectorKey Find(object fileObject, int fd) =>
        Keys().TryGetValue(fd, out var key) ? key : throw new SelectorKeyException($"{fileObject} (fd {fd}) is not registered.");

    private (SelectorKey[] Keys, int[] Read, int[] Write) Snapshot()
    {
        var keys = Keys().Values.OrderBy(key => key.Order).ToArray();
        foreach (var key in keys)
        {
            if (key.FileObject is GreenSocket socket)
            {
                socket.LiveFd(); // a socket closed while registered fails here, not as a stale descriptor in poll
            }
        }

        return (keys, [.. keys.Where(k => k.Events.HasFlag(IoEvents.Read)).Select(k => k.Fd)], [.. keys.Where(k => k.Events.HasFlag(IoEvents.Write)).Select(k => k.Fd)]);
    }

    /// <summary>A socket's own watch; null for a raw descriptor, which GreenSelect finds or registers on the reactor.</summary>
    private static Func<int, FdWatch?> WatchOf(SelectorKey[] keys) => fd =>
        keys.First(key => key.Fd == fd).FileObject is GreenSocket socket ? socket.WatchForWaiting() : null;

    private static List<(SelectorKey Key, IoEvents Events)> Ready(SelectorKey[] keys, int[] read, int[] write, GreenSelect.ReadyFds ready)
    {
        var events = new Dictionary<int, IoEvents>();
        for (var i = 0; i < read.Length; i++)
        {
            if (ready.Read[i])
            {
                events[read[i]] = IoEvents.Read;
            }
        }

        for (var i = 0; i < write.Length; i++)
        {
            if (ready.Write[i])
            {
                events[write[i]] = events.GetValueOrDefault(write[i]) | IoEvents.Write;
            }
        }

        return [.. keys.Where(key => events.ContainsKey(key.Fd)).Select(key => (key, events[key.Fd]))];
    }
}

/// <summary>A registration in a <see cref="GreenSelector"/>.</summary>
/// <param name="FileObject">The <see cref="GreenSocket"/> or the descriptor (an <see cref="int"/>) registered.</param>
/// <param name="Fd">Its descriptor.</param>
/// <param name="Events">The events watched.</param>
/// <param name="Data">What the caller attached.</param>
/// <remarks>gevent: <c>selectors.SelectorKey(fileobj, fd, events, data)</c>.</remarks>
public sealed record SelectorKey(object FileObject, int Fd, IoEvents Events, object? Data)
{
    private static long s_registrations;

    /// <summary>When it was registered: keys list in this order, and a modified key keeps its place.</summary>
    internal long Order { get; init; } = Interlocked.Increment(ref s_registrations);
}

/// <summary>
/// A selector was asked to register a descriptor it has already, or to modify, unregister or look up one it does not
/// have. It is a <see cref="KeyNotFoundException"/>, so <c>catch (KeyNotFoundException)</c> catches both, as Python's
/// <c>except KeyError</c> does.
/// </summary>
/// <remarks>gevent: the <c>KeyError</c> a selector raises.</remarks>
public sealed class SelectorKeyException : KeyNotFoundException
{
    /// <summary>Creates the exception with a message naming the descriptor.</summary>
    /// <param name="message">What was wrong, naming the socket or descriptor.</param>
    public SelectorKeyException(string message)
        : base(message)
    {
    }
}
