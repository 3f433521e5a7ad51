namespace Greenlets;

/// <summary>What becomes of one of a child's standard streams.</summary>
/// <remarks>gevent: <c>stdin=</c>, <c>stdout=</c>, <c>stderr=</c> of <c>gevent.subprocess.Popen</c>.</remarks>
public enum ProcessStdio
{
    /// <summary>The child shares the parent's stream (gevent: <c>None</c>, the default).</summary>
    Inherit,

    /// <summary>A pipe to the parent, exposed as a green stream (gevent: <c>subprocess.PIPE</c>).</summary>
    Pipe,

    /// <summary><c>/dev/null</c> (gevent: <c>subprocess.DEVNULL</c>).</summary>
    Null,

    /// <summary>For standard error only: the same place as standard output (gevent: <c>stderr=subprocess.STDOUT</c>).</summary>
    ToStdout,
}

/// <summary>How <see cref="GreenProcess.Start(IReadOnlyList{string}, GreenProcessOptions?)"/> starts a child.</summary>
/// <remarks>gevent: the keyword arguments of <c>gevent.subprocess.Popen</c>.</remarks>
public sealed class GreenProcessOptions
{
    /// <summary>The child's standard input; <see cref="ProcessStdio.Inherit"/> unless set.</summary>
    public ProcessStdio Stdin { get; set; }

    /// <summary>The child's standard output; <see cref="ProcessStdio.Inherit"/> unless set.</summary>
    public ProcessStdio Stdout { get; set; }

    /// <summary>The child's standard error; <see cref="ProcessStdio.Inherit"/> unless set.</summary>
    public ProcessStdio Stderr { get; set; }

    /// <summary>The directory the child starts in; the parent's when null.</summary>
    /// <remarks>gevent: <c>cwd=</c>.</remarks>
    public string? WorkingDirectory { get; set; }

    /// <summary>
    /// The child's whole environment, replacing the parent's (gevent: <c>env=</c>); the parent's environment when null.
    /// </summary>
    public IReadOnlyDictionary<string, string>? Environment { get; set; }

    /// <summary>
    /// Variables set over the base environment (the parent's, or <see cref="Environment"/>); a null value removes one.
    /// </summary>
    public IDictionary<string, string?> ExtraEnvironment { get; } = new Dictionary<string, string?>(StringComparer.Ordinal);

    /// <summary>
    /// Descriptors the child gets as 3, 4, ... (open, without close-on-exec), as systemd passes sockets; the parent's
    /// stay open. Every other descriptor of the parent is close-on-exec and does not reach the child.
    /// </summary>
    internal List<int> PassedDescriptors { get; } = [];

    /// <summary>Options with every standard stream a pipe: what <c>Communicate</c> and the run helpers need.</summary>
    /// <returns>New options.</returns>
    public static GreenProcessOptions Piped() => new() { Stdin = ProcessStdio.Pipe, Stdout = ProcessStdio.Pipe, Stderr = ProcessStdio.Pipe };
}
