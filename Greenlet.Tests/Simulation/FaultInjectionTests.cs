namespace Greenlets.Tests.Simulation;

using Simulation = global::Greenlets.Simulation;

/// <summary>Buggify and Chance: always false outside simulation, seeded inside it, a site enabled or not per run.</summary>
[Category(TestCategories.Unit)]
public sealed class FaultInjectionTests
{
    private static int FiringsOfOneSite(int calls)
    {
        var fired = 0;
        for (var i = 0; i < calls; i++)
        {
            fired += Simulation.Buggify(0.5) ? 1 : 0;
        }

        return fired;
    }

    [Test]
    public void OutsideSimulationNothingEverFires()
    {
        using (global::Greenlets.Hub.Install(HubClock.Virtual()))
        {
            Assert.That(FiringsOfOneSite(1_000), Is.Zero);
            Assert.That(Enumerable.Range(0, 1_000).Count(_ => Simulation.Chance(0.99)), Is.Zero);
        }
    }

    [Test]
    public void ASiteIsEnabledInAboutOneRunInFourAndFiresOnlyThere()
    {
        var enabledRuns = 0;
        for (var seed = 0; seed < 400; seed++)
        {
            using (Simulation.Install(seed))
            {
                var fired = FiringsOfOneSite(100);
                enabledRuns += fired > 0 ? 1 : 0;
                Assert.That(fired, Is.Zero.Or.InRange(20, 80), $"seed {seed}: an enabled site fires about half the time");
            }
        }

        Assert.That(enabledRuns, Is.InRange(60, 140), "about a quarter of 400 runs");
    }

    [Test]
    public void TheSameSeedFiresTheSameWayAndFaultsOffNeverFire()
    {
        static string Pattern(int seed, bool faults)
        {
            using (Simulation.Install(seed, faults))
            {
                return string.Concat(Enumerable.Range(0, 64).Select(_ => Simulation.Buggify(0.5) ? '1' : '0')) + string.Concat(Enumerable.Range(0, 64).Select(_ => Simulation.Chance(0.5) ? '1' : '0'));
            }
        }

        for (var seed = 0; seed < 20; seed++)
        {
            var first = Pattern(seed, faults: true);
            Assert.That(Pattern(seed, faults: true), Is.EqualTo(first), $"seed {seed}");
            Assert.That(Pattern(seed, faults: false)[..64], Does.Not.Contain('1'), $"seed {seed}: faults off");
        }
    }
}
