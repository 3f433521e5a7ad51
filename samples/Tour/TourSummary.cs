namespace Tour;

/// <summary>
/// What a run of the whole tour did, told in its last line: how many examples ran, and which failed and why.
/// The tour goes on after a failure (a missing system library fails one example, not the tour), so the failures
/// would otherwise scroll away above the output of the examples that followed.
/// </summary>
public sealed class TourSummary
{
    private readonly List<(string Name, Exception Error)> _failures = [];
    private int _ran;
    private int _pending;

    /// <summary>The examples that failed, in the order they ran.</summary>
    public IReadOnlyList<(string Name, Exception Error)> Failures => _failures;

    /// <summary>Counts an example that ran to its end, or a pending one that only printed what it needs.</summary>
    public void Passed(TourExample example)
    {
        if (example.Run is null)
        {
            _pending++;
        }
        else
        {
            _ran++;
        }
    }

    /// <summary>Counts an example whose program threw.</summary>
    public void Failed(TourExample example, Exception error)
    {
        _ran++;
        _failures.Add((example.Name, error));
    }

    /// <summary>
    /// One line, for example <c>tour: 24 examples ran, 1 failed: zeromq (DllNotFoundException: ZeroMQ needs libzmq ...)</c>.
    /// </summary>
    public string Line
    {
        get
        {
            var ran = _ran == 1 ? "1 example ran" : $"{_ran} examples ran";
            var pending = _pending == 0 ? "" : $" ({_pending} pending)";
            var failed = _failures.Count == 0
                ? "none failed"
                : $"{_failures.Count} failed: " + string.Join("; ", _failures.Select(f => $"{f.Name} ({Reason(f.Error)})"));
            return $"tour: {ran}{pending}, {failed}";
        }
    }

    /// <summary>The exception's type and the first line of its message: enough to act on, short enough for one line.</summary>
    private static string Reason(Exception error)
    {
        var message = error.Message.Split('\n', 2)[0].TrimEnd('\r');
        return $"{error.GetType().Name}: {message}";
    }
}
