using System.Diagnostics;

namespace Greenlets;

[DebuggerDisplay("{DebuggerDisplay,nq}")]
public partial class Greenlet
{
    /// <summary>
    /// The name (when it has one), the state and the [Greenlet] method it runs: <c>Greenlet-3 Parked, Workers.Worker</c>.
    /// Read without side effects: <see cref="Name"/> would give an id to a greenlet never asked for one.
    /// </summary>
    internal string DebuggerDisplay
    {
        get
        {
            var name = this is MainGreenlet ? "MainGreenlet"
                : _spawnerOrExtras is GreenletExtras extras ? extras.Name ?? $"Greenlet-{extras.Id}"
                : "Greenlet";
            return RootMethodName is { } method ? $"{name} {State}, {method}" : $"{name} {State}";
        }
    }
}
