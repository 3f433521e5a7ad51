namespace Greenlets.Tests.Simulation;

/// <summary>
/// The NUnit side of <see cref="global::Greenlets.Simulation.RunSeeds"/>: runs a test body under many seeds and fails
/// the test with the first failing seed and its trace. The runtime does not depend on NUnit; docs/simulation.md shows
/// this file for users to copy into their own test project.
/// </summary>
public static class SimulationAssert
{
    /// <summary>
    /// Runs <paramref name="body"/> under <paramref name="seeds"/> seeds in parallel (or the one seed in
    /// <c>GREENLET_SIM_REPLAY</c>) and fails with the lowest failing seed, its exception and its last decisions.
    /// </summary>
    public static SimulationRunResult PassesUnderSeeds(int seeds, Action body, SimulationRunOptions? options = null)
    {
        var result = global::Greenlets.Simulation.RunSeeds(seeds, body, options);
        if (result.Failure is { } failure)
        {
            TestContext.Out.WriteLine(failure.Describe());
            Assert.Fail(failure.Describe());
        }

        return result;
    }
}
