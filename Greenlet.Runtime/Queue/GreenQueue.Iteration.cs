using System.Collections;
using System.ComponentModel;

namespace Greenlets;

public partial class GreenQueue<T> : IEnumerable<T>
{
    /// <summary>
    /// Takes items as they arrive, waiting (cooperatively) for each, until the queue is closed and drained.
    /// In a [Greenlet] method a <c>foreach</c> suspends the greenlet between items.
    /// </summary>
    /// <returns>An enumerator that removes the items it yields.</returns>
    /// <remarks>gevent: <c>for item in queue</c>.</remarks>
    public Enumerator GetEnumerator() => new(this);

    IEnumerator<T> IEnumerable<T>.GetEnumerator() => GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>The form of <see cref="GetEnumerator"/> that rewritten code's <c>foreach</c> uses.</summary>
    /// <returns>An enumerator.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public Enumerator GetAsyncEnumerator() => new(this);

    /// <summary>Takes a queue's items as they arrive, until it is closed and drained, or the enumerator is disposed.</summary>
    public sealed class Enumerator : IEnumerator<T>, IAsyncDisposable, IWaitSource<bool>
    {
        private readonly GreenQueue<T> _queue;
        private T _current = default!;
        private bool _disposed;

        internal Enumerator(GreenQueue<T> queue) => _queue = queue;

        /// <summary>The item taken last.</summary>
        public T Current => _current;

        object? IEnumerator.Current => _current;

        /// <summary>Takes the next item, waiting for it; false once the queue is closed and drained, or after <see cref="Dispose"/>.</summary>
        /// <returns>Whether an item was taken.</returns>
        [Cooperative(nameof(MoveNextAsync))]
        public bool MoveNext()
        {
            if (_disposed)
            {
                return false;
            }

            var hub = Hub.Current;
            if (_queue.TryTakeStored(out _current))
            {
                return true;
            }

            if (!_queue._closed)
            {
                hub.BeginBlockingCall("GreenQueue.Enumerator.MoveNext");
            }

            return MoveNextAsync().Block(hub);
        }

        /// <summary>The form rewritten <c>[Greenlet]</c> code awaits; write <see cref="MoveNext"/> instead.</summary>
        /// <returns>The awaitable operation.</returns>
        [EditorBrowsable(EditorBrowsableState.Never)]
        public GreenAwaitable<bool> MoveNextAsync()
        {
            if (_disposed)
            {
                return new GreenAwaitable<bool>(false);
            }

            if (_queue.TryTakeStored(out _current))
            {
                return new GreenAwaitable<bool>(true);
            }

            if (_queue._closed)
            {
                return new GreenAwaitable<bool>(false);
            }

            _queue.ParkGetter(null);
            return new GreenAwaitable<bool>(this);
        }

        bool IWaitSource<bool>.GetResult(Greenlet waiter, int state)
        {
            var served = waiter.WakeCarriesValue;
            waiter.ThrowIfInterrupted();
            if (served)
            {
                _current = _queue.TakeServedItem(waiter);
                return true;
            }

            if (_queue.Stored > 0)
            {
                _current = _queue.TakeItem(); // woken by Close with items left: it drains them
                return true;
            }

            return false; // woken by Close
        }

        /// <summary>Ends the enumeration: later moves return false. Items taken stay taken; the rest stay in the queue.</summary>
        public void Dispose() => _disposed = true;

        /// <summary>The form of <see cref="Dispose"/> that rewritten code's <c>foreach</c> uses; completes at once.</summary>
        /// <returns>A completed task.</returns>
        [EditorBrowsable(EditorBrowsableState.Never)]
        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }

        void IEnumerator.Reset() => throw new NotSupportedException("A queue cannot be enumerated again from the start.");
    }
}
