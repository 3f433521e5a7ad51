using System.Collections.Concurrent;
using System.Diagnostics.Tracing;

namespace SimulationBench;

/// <summary>
/// Records the runtime's method-load events (which method was compiled, at which optimization tier) while it is
/// enabled: with <c>--jit-log</c> the benchmark prints what the JIT compiled during the measured run, to show whether
/// the figure is of optimized code.
/// </summary>
public sealed class JitTierLog : EventListener
{
    private const EventKeywords JitKeyword = (EventKeywords)0x10;
    private const int MethodLoadVerbose = 143;
    private readonly ConcurrentQueue<(string Method, string Tier)> _loads = new();
    private volatile bool _isRecording = true;
    private int _measuredFrom;

    /// <summary>Marks where the measured run starts.</summary>
    public void Start() => _measuredFrom = _loads.Count;

    /// <summary>Stops recording; returns the methods compiled during the measured run, and each method's last tier.</summary>
    public (IReadOnlyList<(string Method, string Tier)> Measured, IReadOnlyDictionary<string, string> LastTier) Stop()
    {
        _isRecording = false;
        var all = _loads.ToArray();
        var last = new Dictionary<string, string>();
        foreach (var (method, tier) in all)
        {
            last[method] = tier;
        }

        return (all[_measuredFrom..], last);
    }

    /// <inheritdoc/>
    protected override void OnEventSourceCreated(EventSource source)
    {
        if (source.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(source, EventLevel.Verbose, JitKeyword);
        }
    }

    /// <inheritdoc/>
    protected override void OnEventWritten(EventWrittenEventArgs e)
    {
        if (!_isRecording || e.EventId != MethodLoadVerbose || e.PayloadNames is null || e.Payload is null)
        {
            return;
        }

        var ns = Field(e, "MethodNamespace");
        var name = Field(e, "MethodName");
        _loads.Enqueue(($"{ns}::{name}", TierName(Field(e, "MethodFlags"))));
    }

    private static string Field(EventWrittenEventArgs e, string name) =>
        e.PayloadNames!.IndexOf(name) is var at and >= 0 ? e.Payload![at]?.ToString() ?? string.Empty : string.Empty;

    // The runtime's OptimizationTier map (ClrEtwAll.man): 1 MinOptJitted, 2 Optimized, 3 QuickJitted, 4 OptimizedTier1,
    // 5 ReadyToRun, 6 PreJIT, 7 QuickJittedInstrumented, 8 OptimizedTier1Instrumented, 9 OptimizedTier1OSR (bits 7 and up of MethodFlags).
    private static string TierName(string flags) => "tier " + ((int.Parse(flags, System.Globalization.CultureInfo.InvariantCulture) >> 7) & 0xF);
}
