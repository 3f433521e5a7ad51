using System.ComponentModel;
using System.Runtime.CompilerServices;

namespace Greenlets;

/// <summary>
/// Waits (cooperatively) until some of several sockets or descriptors are ready: readable, writable, or with an
/// exceptional condition (out-of-band data). Readiness is level: what is ready when the call starts is returned at
/// once. Otherwise the calling greenlet parks on every descriptor at once, and returns what is ready when it wakes.
/// </summary>
/// <remarks>gevent: <c>gevent.select.select(rlist, wlist, xlist, timeout=None)</c>.</remarks>
public static class GreenSelect
{
    private const string Name = "GreenSelect.Select";

    /// <summary>Waits until one of the sockets is ready, or <paramref name="timeout"/> seconds pass.</summary>
    /// <param name="read">Sockets to watch for reading (data, a connection to accept, or end of stream).</param>
    /// <param name="write">Sockets to watch for writing.</param>
    /// <param name="error">Sockets to watch for exceptional conditions.</param>
    /// <param name="timeout">The most seconds to wait; null waits as long as it takes; 0 only looks.</param>
    /// <returns>The ready sockets of each list, in list order; all empty on timeout.</returns>
    /// <exception cref="ArgumentException">All lists are empty and there is no timeout: nothing could end the wait.</exception>
    /// <remarks>gevent: <c>gevent.select.select(rlist, wlist, xlist, timeout=None)</c>.</remarks>
    [Cooperative(nameof(SelectAwaitable))]
    public static SelectResult<GreenSocket> Select(
        IReadOnlyList<GreenSocket> read, IReadOnlyList<GreenSocket> write, IReadOnlyList<GreenSocket> error, GreenDuration? timeout = null) =>
        Pick(read, write, error, SelectFds(Fds(read), Fds(write), Fds(error), timeout.InSeconds(), Watches(read, write, error)));


    /// <summary>Waits until one of the raw descriptors (pipes, eventfds, sockets made elsewhere) is ready.</summary>
    /// <param name="read">Descriptors to watch for reading.</param>
    /// <param name="write">Descriptors to watch for writing.</param>
    /// <param name="error">Descriptors to watch for exceptional conditions.</param>
    /// <param name="timeout">The most seconds to wait; null waits as long as it takes; 0 only looks.</param>
    /// <returns>The ready descriptors of each list, in list order; all empty on timeout.</returns>
    /// <remarks>gevent: <c>gevent.select.select(rlist, wlist, xlist, timeout=None)</c> with file numbers.</remarks>
    [Cooperative(nameof(SelectAwaitable))]
    public static SelectResult<int> Select(IReadOnlyList<int> read, IReadOnlyList<int> write, IReadOnlyList<int> error, GreenDuration? timeout = null) =>
        Pick(read, write, error, SelectFds(Copy(read), Copy(write), Copy(error), timeout.InSeconds(), null));

    /// <summary>The form rewritten <c>[Greenlet]</c> code awaits; write <see cref="Select(IReadOnlyList{GreenSocket}, IReadOnlyList{GreenSocket}, IReadOnlyList{GreenSocket}, GreenDuration?)"/> instead.</summary>
    /// <param name="read">Sockets to watch for reading.</param>
    /// <param name="write">Sockets to watch for writing.</param>
    /// <param name="error">Sockets to watch for exceptional conditions.</param>
    /// <param name="timeout">The most seconds to wait.</param>
    /// <returns>The awaitable operation.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static async GreenTask<SelectResult<GreenSocket>> SelectAwaitable(
        IReadOnlyList<GreenSocket> read, IReadOnlyList<GreenSocket> write, IReadOnlyList<GreenSocket> error, GreenDuration? timeout = null) =>
        Pick(read, write, error, await SelectFdsAsync(Fds(read), Fds(write), Fds(error), timeout.InSeconds(), Watches(read, write, error)));


    /// <summary>The form rewritten <c>[Greenlet]</c> code awaits; write <see cref="Select(IReadOnlyList{int}, IReadOnlyList{int}, IReadOnlyList{int}, GreenDuration?)"/> instead.</summary>
    /// <param name="read">Descriptors to watch for reading.</param>
    /// <param name="write">Descriptors to watch for writing.</param>
    /// <param name="error">Descriptors to watch for exceptional conditions.</param>
    /// <param name="timeout">The most seconds to wait.</param>
    /// <returns>The awaitable operation.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static async GreenTask<SelectResult<int>> SelectAwaitable(IReadOnlyList<int> read, IReadOnlyList<int> write, IReadOnlyList<int> error, GreenDuration? timeout = null) =>
        Pick(read, write, error, await SelectFdsAsync(Copy(read), Copy(write), Copy(error), timeout.InSeconds(), null));

    /// <summary>The loop both forms share, also under <see cref="GreenSelector"/>: poll, park on every descriptor, poll again.</summary>
    internal static ReadyFds SelectFds(int[] read, int[] write, int[] error, double? timeout, Func<int, FdWatch?>? watchOf, string operation = Name)
    {
        var hub = Hub.Current;
        var deadline = Deadline(hub, read, write, error, timeout);
        while (true)
        {
            var ready = ReadyFds.PollNow(read, write, error);
            if (ready.Any || Remaining(hub, deadline) is <= 0)
            {
                return ready;
            }

            hub.BeginBlockingCall(operation);
            if (read.Length + write.Length + error.Length == 0)
            {
                Greenlet.Sleep(Remaining(hub, deadline) ?? 0);
                continue;
            }

            new GreenAwaitable(ParkOnAll(hub, read, write, error, Remaining(hub, deadline), watchOf)).Block(hub);
        }
    }

    internal static async GreenTask<ReadyFds> SelectFdsAsync(int[] read, int[] write, int[] error, double? timeout, Func<int, FdWatch?>? watchOf)
    {
        var hub = Hub.Current;
        var deadline = Deadline(hub, read, write, error, timeout);
        while (true)
        {
            var ready = ReadyFds.PollNow(read, write, error);
            if (ready.Any || Remaining(hub, deadline) is <= 0)
            {
                return ready;
            }

            if (read.Length + write.Length + error.Length == 0)
            {
                await Greenlet.SleepAwaitable(Remaining(hub, deadline) ?? 0);
                continue;
            }

            // A wake is a hint: the loop looks again, and parks again if nothing is ready after all.
            await new GreenAwaitable(ParkOnAll(hub, read, write, error, Remaining(hub, deadline), watchOf));
        }
    }

    private static long? Deadline(Hub hub, int[] read, int[] write, int[] error, double? timeout)
    {
        if (timeout is null && read.Length + write.Length + error.Length == 0)
        {
            throw new ArgumentException("Select needs a descriptor or a timeout: with neither, nothing could end the wait.", nameof(timeout));
        }

        if (timeout is { } seconds && (double.IsNaN(seconds) || seconds < 0))
        {
            throw new ArgumentOutOfRangeException(nameof(timeout), timeout, "A timeout is null, zero or a positive number of seconds.");
        }

        return timeout is { } t ? hub.Now.Ticks + Hub.SecondsToTicks(t) : null;
    }

    private static double? Remaining(Hub hub, long? deadline) =>
        deadline is { } d ? Math.Max(0, (double)(d - hub.Now.Ticks) / TimeSpan.TicksPerSecond) : null;

    /// <summary>Parks the running greenlet on every descriptor's watch; the first registration carries the timeout.</summary>
    private static MultiWait ParkOnAll(Hub hub, int[] read, int[] write, int[] error, double? timeout, Func<int, FdWatch?>? watchOf)
    {
        var wait = new MultiWait();
        try
        {
            var first = true;
            foreach (var (fds, direction) in new[] { (read, IoEvents.Read), (error, IoEvents.Read), (write, IoEvents.Write) })
            {
                foreach (var fd in fds)
                {
                    var watch = watchOf?.Invoke(fd) ?? (hub.Reactor.Find(fd) ?? hub.Reactor.Watch(fd));
                    if (wait.Watches(watch, direction))
                    {
                        continue; // listed twice, or in both the read and the error list: one registration
                    }

                    wait.Add(watch, direction, watch.WaitAwaitable(direction, first ? timeout : null));
                    first = false;
                }
            }

            return wait;
        }
        catch
        {
            var waiter = hub.Running!;
            waiter.CancelWait();
            wait.Release(waiter);
            throw;
        }
    }

    private static int[] Copy(IReadOnlyList<int> fds)
    {
        ArgumentNullException.ThrowIfNull(fds);
        return [.. fds];
    }

    private static int[] Fds(IReadOnlyList<GreenSocket> sockets)
    {
        ArgumentNullException.ThrowIfNull(sockets);
        var fds = new int[sockets.Count];
        for (var i = 0; i < fds.Length; i++)
        {
            fds[i] = sockets[i].LiveFd();
        }

        return fds;
    }

    private static Func<int, FdWatch> Watches(IReadOnlyList<GreenSocket> read, IReadOnlyList<GreenSocket> write, IReadOnlyList<GreenSocket> error) =>
        fd => read.Concat(write).Concat(error).First(socket => socket.FileNo == fd).WatchForWaiting();

    private static SelectResult<T> Pick<T>(IReadOnlyList<T> read, IReadOnlyList<T> write, IReadOnlyList<T> error, ReadyFds ready) =>
        new(Filter(read, ready.Read), Filter(write, ready.Write), Filter(error, ready.Error));

    private static List<T> Filter<T>(IReadOnlyList<T> items, bool[] ready)
    {
        var picked = new List<T>();
        for (var i = 0; i < items.Count; i++)
        {
            if (ready[i])
            {
                picked.Add(items[i]);
            }
        }

        return picked;
    }

    /// <summary>Which entries of each list poll(2) found ready.</summary>
    internal sealed class ReadyFds(bool[] read, bool[] write, bool[] error, bool any)
    {
        public bool[] Read { get; } = read;

        public bool[] Write { get; } = write;

        public bool[] Error { get; } = error;

        public bool Any { get; } = any;

        public static unsafe ReadyFds PollNow(int[] read, int[] write, int[] error)
        {
            var total = read.Length + write.Length + error.Length;
            var entries = new Libc.PollFd[total];
            var i = 0;
            foreach (var fd in read)
            {
                entries[i++] = new Libc.PollFd { Fd = fd, Events = Libc.POLLIN };
            }

            foreach (var fd in write)
            {
                entries[i++] = new Libc.PollFd { Fd = fd, Events = Libc.POLLOUT };
            }

            foreach (var fd in error)
            {
                entries[i++] = new Libc.PollFd { Fd = fd, Events = PollPri };
            }

            int count;
            fixed (Libc.PollFd* fds = entries)
            {
                do
                {
                    count = Libc.poll(fds, (nuint)total, 0);
                }
                while (count < 0 && Libc.LastError == Libc.EINTR);
            }

            if (count < 0)
            {
                throw new IOException($"poll failed: errno {Libc.LastError}.");
            }

            var any = false;
            bool Ready(int index, short wanted)
            {
                var revents = entries[index].Revents;
                if ((revents & Libc.POLLNVAL) != 0)
                {
                    throw new FileDescriptorClosedException(entries[index].Fd);
                }

                // Hang-ups and errors count as readable and writable, as select(2) reports them: the next call says what happened.
                var ready = (revents & (wanted | Libc.POLLHUP | Libc.POLLERR)) != 0 && (wanted != PollPri || (revents & PollPri) != 0);
                any |= ready;
                return ready;
            }

            var readReady = new bool[read.Length];
            var writeReady = new bool[write.Length];
            var errorReady = new bool[error.Length];
            for (var r = 0; r < read.Length; r++)
            {
                readReady[r] = Ready(r, Libc.POLLIN);
            }

            for (var w = 0; w < write.Length; w++)
            {
                writeReady[w] = Ready(read.Length + w, Libc.POLLOUT);
            }

            for (var e = 0; e < error.Length; e++)
            {
                errorReady[e] = Ready(read.Length + write.Length + e, PollPri);
            }

            return new ReadyFds(readReady, writeReady, errorReady, any);
        }

        private const short PollPri = 0x002;
    }

    /// <summary>One greenlet parked on several watches at once; resuming releases every registration still held.</summary>
    private sealed class MultiWait : IWaitSource<VoidResult>
    {
        private readonly List<(FdWatch Watch, IoEvents Direction, GreenAwaitable<bool> Wait)> _watches = [];

        public bool Watches(FdWatch watch, IoEvents direction) => _watches.Exists(w => w.Watch == watch && w.Direction == direction);

        public void Add(FdWatch watch, IoEvents direction, GreenAwaitable<bool> wait) => _watches.Add((watch, direction, wait));

        public VoidResult GetResult(Greenlet waiter, int state)
        {
            var failure = Release(waiter);
            if (failure is not null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
            }

            return default;
        }

        /// <summary>Frees every slot this wait holds; returns the first failure (an interrupt, a closed descriptor).</summary>
        public Exception? Release(Greenlet waiter)
        {
            Exception? first = null;
            foreach (var (_, _, wait) in _watches)
            {
                try
                {
                    wait.GetResultFor(waiter);
                }
                catch (Exception exception)
                {
                    first ??= exception;
                }
            }

            _watches.Clear();
            return first;
        }
    }
}

/// <summary>What <see cref="GreenSelect.Select(IReadOnlyList{GreenSocket}, IReadOnlyList{GreenSocket}, IReadOnlyList{GreenSocket}, GreenDuration?)"/> found ready.</summary>
/// <typeparam name="T">Sockets or descriptors.</typeparam>
/// <param name="Read">The readable ones.</param>
/// <param name="Write">The writable ones.</param>
/// <param name="Error">Those with an exceptional condition.</param>
/// <remarks>gevent: the <c>(rlist, wlist, xlist)</c> tuple <c>select</c> returns.</remarks>
public sealed record SelectResult<T>(IReadOnlyList<T> Read, IReadOnlyList<T> Write, IReadOnlyList<T> Error)
{
    /// <summary>True when nothing was ready (the timeout passed).</summary>
    public bool IsEmpty => Read.Count == 0 && Write.Count == 0 && Error.Count == 0;
}
