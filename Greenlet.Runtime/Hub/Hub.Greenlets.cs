using System.Diagnostics;
using System.Text;

namespace Greenlets;

public sealed partial class Hub
{
    // The live set: a dense array of struct slots. A Greenlet?[] (List<Greenlet>) would pay a covariant
    // array-store check (StelemRef_Helper) on every store, since each spawned greenlet is a subclass.
    private LiveSlot[] _live = new LiveSlot[64];
    private int _liveCount;

    /// <summary>Where unhandled greenlet failures are reported; standard error by default.</summary>
    /// <remarks>gevent: <c>Hub.exception_stream</c>.</remarks>
    public TextWriter ErrorWriter { get; set; } = Console.Error;

    /// <summary>The greenlets started on this hub and not yet dead.</summary>
    public IEnumerable<Greenlet> LiveGreenlets => _live.Take(_liveCount).Select(s => s.Greenlet!).ToArray();

    internal void RegisterLive(Greenlet greenlet)
    {
        Debug.Assert(greenlet.LiveIndex < 0, "a greenlet joins the live set once");
        if (_liveCount == _live.Length)
        {
            Array.Resize(ref _live, _live.Length * 2);
        }

        greenlet.LiveIndex = _liveCount;
        _live[_liveCount++].Greenlet = greenlet;
        _spawned++;
        _hooks?.Started(greenlet);
    }

    internal void UnregisterLive(Greenlet greenlet)
    {
        var index = greenlet.LiveIndex;
        if (index < 0)
        {
            return;
        }

        Debug.Assert(index < _liveCount && ReferenceEquals(_live[index].Greenlet, greenlet), "a greenlet leaves the live set once, from its own slot");

        // Swap the last entry into the hole: O(1), and the order of the set carries no meaning. The one dying is
        // often the last (a short-lived child): then there is nothing to move.
        var lastIndex = --_liveCount;
        if (index != lastIndex)
        {
            var last = _live[lastIndex].Greenlet!;
            _live[index].Greenlet = last;
            last.LiveIndex = index;
        }

        _live[lastIndex].Greenlet = null;
        greenlet.LiveIndex = -1;
        _hooks?.Died(greenlet);
    }

    private struct LiveSlot
    {
        public Greenlet? Greenlet;
    }

    /// <summary>Reports a greenlet that died of an exception, in gevent's shape: the traceback, then who failed with what.</summary>
    internal void ReportFailure(Greenlet greenlet, Exception exception)
    {
        ErrorWriter.WriteLine(exception.ToString());
        ErrorWriter.WriteLine($"{DateTime.UtcNow:yyyy-MM-ddTHH:mm:ssZ} {greenlet} failed with {exception.GetType().Name}");
        ErrorWriter.WriteLine();
    }

    internal void ReportCallbackFailure(Delegate callback, Greenlet greenlet, Exception exception)
    {
        ErrorWriter.WriteLine(exception.ToString());
        ErrorWriter.WriteLine($"{DateTime.UtcNow:yyyy-MM-ddTHH:mm:ssZ} link callback {callback.Method.Name} of {greenlet} failed with {exception.GetType().Name}");
        ErrorWriter.WriteLine();
    }

    /// <summary>Every live greenlet, its state and where it is suspended: for LoopExit and on-demand dumps.</summary>
    /// <remarks>gevent: <c>gevent.util.print_run_info()</c>, in part.</remarks>
    public string DescribeGreenlets()
    {
        var text = new StringBuilder();
        text.Append("Greenlets on this hub:");
        text.AppendLine();
        text.Append($"  {Main} {Main.State} in the main thread's code");
        foreach (var greenlet in LiveGreenlets.OrderBy(g => g.Id))
        {
            text.AppendLine();
            text.Append($"  {greenlet} {greenlet.State}");
            var where = greenlet.DescribeSuspension();
            if (where.Length > 0)
            {
                text.Append($" at {where}");
            }

            if (greenlet.SpawningGreenlet is { } parent)
            {
                text.Append($", spawned by \"{parent.Name}\"");
            }
        }

        return text.ToString();
    }
}
