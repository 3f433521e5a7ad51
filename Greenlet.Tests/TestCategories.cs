namespace Greenlets.Tests;

/// <summary>
/// The categories every fixture carries exactly one of (TestCategoryTests checks it). <c>eng/test.sh --fast</c> runs
/// <see cref="Unit"/> and <see cref="Generator"/>, in the Debug configuration so the runtime's asserts run;
/// <c>eng/test.sh</c> runs all three.
/// </summary>
public static class TestCategories
{
    /// <summary>In-process tests of the runtime on the virtual clock (loopback sockets included, when small and quick).</summary>
    public const string Unit = "Unit";

    /// <summary>The generator, the analyzers and the code fixes, driven over compilations built in memory.</summary>
    public const string Generator = "Generator";

    /// <summary>
    /// Real peers and heavy work: anything that starts a process (curl, python, go, chromium, dotnet format, the tour),
    /// talks to pyzmq or a browser, loads real sockets, stresses the hub (a million waiters, 100,000-frame recursion),
    /// packs the package or publishes with native AOT.
    /// </summary>
    public const string Peer = "Peer";

    /// <summary>Every category; a fixture carries exactly one.</summary>
    public static readonly IReadOnlyList<string> All = [Unit, Generator, Peer];
}
