namespace Tour;

/// <summary>One example of the tour: either runnable, or waiting for a capability the library lacks so far.</summary>
/// <param name="Name">The command-line name, as in <c>reference/&lt;name&gt;.py</c>.</param>
/// <param name="Run">The example's program; null while it waits for a capability.</param>
/// <param name="Needs">What a pending example waits for.</param>
public sealed record TourExample(string Name, Action? Run, string? Needs = null)
{
    /// <summary>The one line a pending example prints instead of running.</summary>
    public string PendingLine => $"{Name}: needs {Needs}";
}
