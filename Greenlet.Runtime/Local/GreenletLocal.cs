using System.Runtime.CompilerServices;

namespace Greenlets;

/// <summary>
/// A value with one slot per greenlet: each greenlet — the main one included — reads and writes only its own.
/// A greenlet starts with no value here, whatever its parent had (children do not inherit); reading then gives the
/// initializer's value for that greenlet, or the default. A greenlet's values live as long as the greenlet object
/// does, and never keep it alive: once a finished greenlet is no longer referenced, both are collected.
/// Hub callbacks (link callbacks) run on no greenlet and see the main greenlet's value.
/// </summary>
/// <typeparam name="T">The type of the value.</typeparam>
/// <remarks>
/// gevent: <c>gevent.local.local</c>, with one attribute; a subclass's <c>__init__</c> is the initializer.
/// Unlike <see cref="AsyncLocal{T}"/>, a value set here is never seen by tasks or thread-pool work the greenlet
/// starts; AsyncLocal values are per greenlet too (the hub swaps the execution context with the greenlet), but they
/// flow into such work as usual.
/// </remarks>
public sealed class GreenletLocal<T>
{
    // Ephemeron table: an entry lives while its greenlet does, and its value does not keep the greenlet alive.
    private readonly ConditionalWeakTable<Greenlet, Slot> _slots = new();
    private readonly Func<T>? _initializer;

    /// <summary>Creates a greenlet-local value; a greenlet that has not set it reads the default of <typeparamref name="T"/>.</summary>
    /// <remarks>gevent: <c>local()</c>.</remarks>
    public GreenletLocal()
    {
    }

    /// <summary>
    /// Creates a greenlet-local value whose first read in each greenlet that has not set it calls
    /// <paramref name="initializer"/> (on that greenlet) and stores the result.
    /// </summary>
    /// <param name="initializer">Computes a greenlet's first value; it must not switch.</param>
    /// <remarks>gevent: a <c>local</c> subclass whose <c>__init__</c> runs once in each greenlet that uses it.</remarks>
    public GreenletLocal(Func<T> initializer)
    {
        ArgumentNullException.ThrowIfNull(initializer);
        _initializer = initializer;
    }

    /// <summary>The running greenlet's value. Never switches.</summary>
    /// <remarks>gevent: reading and assigning <c>local.attribute</c>.</remarks>
    public T Value
    {
        get
        {
            var greenlet = Greenlet.Current;
            if (_slots.TryGetValue(greenlet, out var slot))
            {
                return slot.Value;
            }

            if (_initializer is null)
            {
                return default!;
            }

            var value = _initializer();
            _slots.AddOrUpdate(greenlet, new Slot(value));
            return value;
        }

        set
        {
            var greenlet = Greenlet.Current;
            if (_slots.TryGetValue(greenlet, out var slot))
            {
                slot.Value = value;
            }
            else
            {
                _slots.Add(greenlet, new Slot(value));
            }
        }
    }

    /// <summary>Whether the running greenlet has a value here (set, or created by the initializer).</summary>
    /// <remarks>gevent: <c>hasattr(local, "attribute")</c>.</remarks>
    public bool IsValueCreated => _slots.TryGetValue(Greenlet.Current, out _);

    /// <summary>Reads the running greenlet's value without calling the initializer.</summary>
    /// <param name="value">The value, when this returns true; otherwise the default.</param>
    /// <returns>Whether the running greenlet has a value here.</returns>
    /// <remarks>gevent: <c>getattr(local, "attribute", default)</c>.</remarks>
    public bool TryGetValue(out T value)
    {
        if (_slots.TryGetValue(Greenlet.Current, out var slot))
        {
            value = slot.Value;
            return true;
        }

        value = default!;
        return false;
    }

    /// <summary>Removes the running greenlet's value; the next read starts over (initializer or default).</summary>
    /// <returns>Whether there was a value to remove.</returns>
    /// <remarks>gevent: <c>del local.attribute</c>.</remarks>
    public bool Remove() => _slots.Remove(Greenlet.Current);

    /// <summary>Describes the running greenlet's value.</summary>
    /// <returns>The value's text, or an empty string when there is none.</returns>
    /// <remarks>gevent: <c>repr(local.attribute)</c>.</remarks>
    public override string ToString() => TryGetValue(out var value) ? value?.ToString() ?? "" : "";

    /// <summary>One greenlet's value, boxed so it can be overwritten in place.</summary>
    private sealed class Slot(T value)
    {
        public T Value = value;
    }
}
