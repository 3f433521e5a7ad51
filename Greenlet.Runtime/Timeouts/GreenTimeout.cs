using System.Diagnostics;
using System.Globalization;

namespace Greenlets;

/// <summary>
/// A limit on how long a block of code or a wait may take. Once started it raises itself — or the exception
/// given to it — in the greenlet that started it, at that greenlet's next suspension point after the deadline.
/// Catch it as <c>catch (GreenTimeout t) when (t == myTimeout)</c> to handle only this one: nested timeouts do
/// not catch each other's. Use <c>using (GreenTimeout.StartNew(5)) { ... }</c> for a scope.
/// A null duration never fires; zero or less fires at the next wait (a bare <c>Sleep(0)</c> with nothing else ready does not run timers, as in gevent).
/// Its message is gevent's <c>str(timeout)</c>: <c>"1 second"</c>, <c>"0.001 seconds"</c>, empty for one without a
/// duration (as a <c>Get(block: false)</c> raises), and with the exception to raise after a colon.
/// </summary>
/// <remarks>gevent: <c>gevent.Timeout</c>.</remarks>
[DebuggerDisplay("{DebuggerDisplay,nq}")]
public class GreenTimeout : TimeoutException, IDisposable, ITimerTarget
{
    private readonly Exception? _exception;
    private Greenlet? _target;
    private Hub? _hub;
    private int _token;
    private bool _pending;

    private string DebuggerDisplay => $"Seconds = {(Seconds is { } seconds ? seconds.ToString(CultureInfo.InvariantCulture) : "never")}, {(_pending ? "pending" : "idle")}";

    /// <summary>Creates a timeout that is not started yet.</summary>
    /// <param name="seconds">
    /// The duration, in seconds or as a <see cref="TimeSpan"/>; null (or <see cref="Timeout.InfiniteTimeSpan"/>) never
    /// fires; zero or less fires at the next suspension.
    /// </param>
    /// <param name="exception">What to raise when it fires; null raises this timeout itself.</param>
    /// <remarks>gevent: <c>Timeout(seconds=None, exception=None)</c>.</remarks>
    public GreenTimeout(GreenDuration? seconds = null, Exception? exception = null)
        : base(Describe(seconds.InSeconds(), exception))
    {
        if (seconds is { Seconds: double.NaN })
        {
            throw new ArgumentOutOfRangeException(nameof(seconds), "A timeout cannot be NaN seconds.");
        }

        Seconds = seconds.InSeconds();
        _exception = exception;
    }

    /// <summary>The duration in seconds; null for a timeout that never fires.</summary>
    /// <remarks>gevent: <c>Timeout.seconds</c>.</remarks>
    public double? Seconds { get; }

    /// <summary>The exception raised when the timeout fires, or null when it raises itself.</summary>
    /// <remarks>gevent: <c>Timeout.exception</c>.</remarks>
    public Exception? ExceptionToRaise => _exception;

    /// <summary>True while started and not yet fired or cancelled.</summary>
    /// <remarks>gevent: <c>Timeout.pending</c>.</remarks>
    public bool IsPending => _pending;

    /// <summary>Creates and starts a timeout in one step.</summary>
    /// <param name="seconds">The duration; null never fires.</param>
    /// <param name="exception">What to raise when it fires; null raises the timeout itself.</param>
    /// <returns>The started timeout; dispose it to cancel.</returns>
    /// <remarks>gevent: <c>Timeout.start_new(timeout=None, exception=None)</c>.</remarks>
    public static GreenTimeout StartNew(GreenDuration? seconds, Exception? exception = null) => new GreenTimeout(seconds, exception).Start();

    /// <summary>Starts the countdown, aimed at the greenlet running now (the main greenlet in plain code).</summary>
    /// <returns>This timeout, so that <c>using (new GreenTimeout(5).Start())</c> reads naturally.</returns>
    /// <exception cref="InvalidOperationException">It is already pending.</exception>
    /// <remarks>gevent: <c>Timeout.start()</c>.</remarks>
    public GreenTimeout Start()
    {
        if (_pending)
        {
            throw new InvalidOperationException($"This timeout ({Message}) is already pending.");
        }

        if (Seconds is not { } seconds)
        {
            return this;
        }

        var hub = Hub.Current;
        _hub = hub;
        _target = hub.Running ?? hub.Main;
        _pending = true;
        hub.AddTimer(seconds, this, ++_token);
        return this;
    }

    /// <summary>Starts the timeout unless it is already pending, as gevent does for a timeout passed to a wait.</summary>
    internal void StartIfIdle()
    {
        if (!_pending)
        {
            Start();
        }
    }

    /// <summary>Stops the countdown. Safe to call at any time, any number of times.</summary>
    /// <remarks>gevent: <c>Timeout.cancel()</c> and <c>Timeout.close()</c>.</remarks>
    public void Cancel()
    {
        _token++;
        _pending = false;
        _target?.WithdrawInterrupt(_exception ?? this);
        _target = null;
    }

    /// <summary>Cancels the timeout, ending a <c>using</c> scope.</summary>
    /// <remarks>gevent: leaving a <c>with Timeout(...)</c> block.</remarks>
    public void Dispose()
    {
        Cancel();
        GC.SuppressFinalize(this);
    }

    void ITimerTarget.OnTimer(Hub hub, int token)
    {
        if (token != _token || !_pending || _target is null)
        {
            return;
        }

        _pending = false;
        hub.Interrupt(_target, _exception ?? this);
    }

    bool ITimerTarget.IsTimerLive(int token) => _pending && token == _token;

    /// <summary>
    /// gevent's wording: "1 second", "2.5 seconds", nothing without a duration; an exception to raise follows as
    /// .NET heads its text, type and message: "1 second: System.InvalidOperationException: too slow".
    /// </summary>
    private static string Describe(double? seconds, Exception? exception)
    {
        if (seconds is not { } value)
        {
            return "";
        }

        var duration = GreenDuration.FromSeconds(value).ToString();
        return exception is null ? duration : $"{duration}: {exception.GetType().FullName}: {exception.Message}";
    }
}
