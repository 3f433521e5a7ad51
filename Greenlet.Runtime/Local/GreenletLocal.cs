using System.Runtime.CompilerServices;

namespace Greenlets;

/// <summary>
/// A value with one slot per greenlet: each greenlet — the main one included — reads and writes only its own.
/// A greenlet starts with no value here, whatever its parent had (children do not inherit). With an initializer, the
/// greenlet that creates the local gets its value at construction, and every other greenlet when it first touches the
/// local (reads, writes, asks or removes): the initializer runs at most once per greenlet. Without one, an unset value
/// reads as the default. A greenlet's values live as long as the greenlet object does, and never keep it alive: once a
/// finished greenlet is no longer referenced, both are collected. Hub callbacks (link callbacks) run on no greenlet and
/// see the main greenlet's value.
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
    /// Creates a greenlet-local value and runs <paramref name="initializer"/> at once for the running greenlet (the
    /// main greenlet in plain code); every other greenlet runs it (on that greenlet) when it first touches the local.
    /// </summary>
    /// <param name="initializer">Computes a greenlet's first value; it must not switch.</param>
    /// <remarks>
    /// gevent: a <c>local</c> subclass whose <c>__init__</c> runs in the creating greenlet, then once in each other
    /// greenlet that uses it.
    /// </remarks>
    public GreenletLocal(Func<T> initializer)
    {
        ArgumentNullException.ThrowIfNull(initializer);
        _initializer = initializer;
        _ = SlotOfCurrent();
    }

    /// <summary>The running greenlet's value. Never switches.</summary>
    /// <remarks>gevent: reading and assigning <c>local.attribute</c>.</remarks>
    public T Value
    {
        get => SlotOfCurrent() is { HasValue: true } slot ? slot.Value : default!;

        set
        {
            var greenlet = Greenlet.Current;
            if (SlotOf(greenlet) is { } slot)
            {
                slot.Value = value;
                slot.HasValue = true;
            }
            else
            {
                _slots.Add(greenlet, new Slot(value));
            }
        }
    }

    /// <summary>Whether the running greenlet has a value here (set, or made by the initializer, and not removed).</summary>
    /// <remarks>gevent: <c>hasattr(local, "attribute")</c>, which also runs <c>__init__</c> on the greenlet's first touch.</remarks>
    public bool IsValueCreated => SlotOfCurrent() is { HasValue: true };

    /// <summary>Reads the running greenlet's value, if it has one.</summary>
    /// <param name="value">The value, when this returns true; otherwise the default.</param>
    /// <returns>Whether the running greenlet has a value here.</returns>
    /// <remarks>gevent: <c>getattr(local, "attribute", default)</c>, which also runs <c>__init__</c> on the greenlet's first touch.</remarks>
    public bool TryGetValue(out T value)
    {
        if (SlotOfCurrent() is { HasValue: true } slot)
        {
            value = slot.Value;
            return true;
        }

        value = default!;
        return false;
    }

    /// <summary>
    /// Removes the running greenlet's value; it then reads as the default until set again. The initializer does not
    /// run again for this greenlet.
    /// </summary>
    /// <returns>Whether there was a value to remove.</returns>
    /// <remarks>gevent: <c>del local.attribute</c>.</remarks>
    public bool Remove()
    {
        if (SlotOfCurrent() is not { HasValue: true } slot)
        {
            return false;
        }

        slot.HasValue = false;
        slot.Value = default!;
        return true;
    }

    /// <summary>Describes the running greenlet's value.</summary>
    /// <returns>The value's text, or an empty string when there is none.</returns>
    /// <remarks>gevent: <c>repr(local.attribute)</c>.</remarks>
    public override string ToString() => TryGetValue(out var value) ? value?.ToString() ?? "" : "";

    /// <summary>The running greenlet's slot, made by the initializer on the greenlet's first touch; null without one.</summary>
    private Slot? SlotOfCurrent() => SlotOf(Greenlet.Current);

    private Slot? SlotOf(Greenlet greenlet)
    {
        if (_slots.TryGetValue(greenlet, out var slot) || _initializer is null)
        {
            return slot;
        }

        // The slot comes first, as gevent's dict does before __init__: an initializer that touches this local sees no
        // value rather than running itself again. One that throws leaves nothing, so the next touch tries again.
        slot = new Slot(default!) { HasValue = false };
        _slots.Add(greenlet, slot);
        try
        {
            slot.Value = _initializer();
        }
        catch
        {
            _slots.Remove(greenlet);
            throw;
        }

        slot.HasValue = true;
        return slot;
    }

    /// <summary>One greenlet's value, boxed so it can be overwritten in place, and whether it is there.</summary>
    private sealed class Slot(T value)
    {
        public T Value = value;

        public bool HasValue = true;
    }
}
