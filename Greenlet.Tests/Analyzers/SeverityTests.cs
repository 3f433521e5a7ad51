using Greenlets.Analyzers;

namespace Greenlets.Tests.Analyzers;

/// <summary>
/// #pragma silences a report; descriptors carry their categories (help links: HelpLinkTests). .editorconfig severities are checked in a
/// real `dotnet build` of a consumer project (Package/PackageTests), because the analyzer-testing framework does not
/// apply them.
/// </summary>
[Category(TestCategories.Generator)]
public sealed class SeverityTests
{
    [Test]
    public Task PragmaSilencesOneCall() => new AnalyzerTest<BlockingCallAnalyzer>("""
        public static partial class Workers
        {
            [Greenlet]
            public static void Worker()
            {
        #pragma warning disable GRN0100 // startup only: nothing else runs yet
                Thread.Sleep(100);
        #pragma warning restore GRN0100
            }
        }
        """).RunAsync();

    [Test]
    public void EveryDescriptorHasItsCategory()
    {
        var descriptors = new BlockingCallAnalyzer().SupportedDiagnostics.Concat(new GreenletContextAnalyzer().SupportedDiagnostics)
            .Concat(new SwallowedKillAnalyzer().SupportedDiagnostics).Concat(new SpawnArgumentsAnalyzer().SupportedDiagnostics).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(descriptors.Select(d => d.Id), Is.Unique);
            foreach (var descriptor in descriptors)
            {
                Assert.That(descriptor.Id, Does.Match("^GRN[0-9]{4}$"));
                Assert.That(descriptor.Category, Is.EqualTo(descriptor.Id.StartsWith("GRN01", StringComparison.Ordinal) ? "Greenlet.Blocking" : "Greenlet.Context"));
            }
        });
    }
}
