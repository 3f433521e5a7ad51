namespace Greenlets;

/// <summary>
/// The timeouts of one request on the hub's clock: each wait for a byte is bounded by the read timeout and by what is
/// left of the total one, and a timeout says which of the two ran out.
/// </summary>
internal sealed class RequestClock
{
    private Hub _hub;
    private double? _read;
    private double? _total;
    private TimeSpan? _deadline;

    public RequestClock(Hub hub, double? read, double? total)
    {
        (_hub, _read, _total) = (hub, read, total);
        Restart();
    }

    /// <summary>Starts over for a new request with these timeouts: the clock of a response that is filled again.</summary>
    public RequestClock Reset(Hub hub, double? read, double? total)
    {
        (_hub, _read, _total) = (hub, read, total);
        Restart();
        return this;
    }

    /// <summary>The URL the current wait is for (it changes along redirects).</summary>
    public Uri Url { get; set; } = null!;

    /// <summary>Starts the total timeout over, for the next request on a reused clock.</summary>
    public void Restart() => _deadline = _total is { } total ? _hub.Now + TimeSpan.FromSeconds(total) : null;

    /// <summary>What is left of the total timeout, in seconds, never negative; null for none.</summary>
    public double? Remaining => _deadline is { } end ? Math.Max(0, (end - _hub.Now).TotalSeconds) : null;

    /// <summary>The longest the next wait for a byte may take.</summary>
    public double? ReadWait() => Shorter(_read);

    /// <summary>The longest a wait that only the total timeout bounds (and <paramref name="own"/>) may take.</summary>
    public double? Shorter(double? own) => (own, Remaining) switch
    {
        (null, var left) => left,
        (var mine, null) => mine,
        (var mine, var left) => Math.Min(mine.Value, left!.Value),
    };

    /// <summary>Whether the total timeout, rather than <paramref name="own"/>, ended a wait that just ran out.</summary>
    public bool TotalRanOut(double? own) => Remaining is { } left && (own is null || left <= own.Value);

    public GreenHttpTimeoutException ReadTimedOut() => TotalRanOut(_read) ? TotalTimedOut() : new(Url, $"no data within the read timeout of {_read} s");

    public GreenHttpTimeoutException WriteTimedOut() => TotalRanOut(_read) ? TotalTimedOut() : new(Url, $"the server took no data within {_read} s");

    public GreenHttpTimeoutException TotalTimedOut() => new(Url, $"the request took longer than its total timeout of {_total} s");
}
