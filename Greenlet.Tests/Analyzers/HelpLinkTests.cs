using System.Reflection;
using Greenlets.Analyzers;
using Greenlets.Generators;
using Greenlets.Tests.Package;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Greenlets.Tests.Analyzers;

/// <summary>
/// Every diagnostic's help link is an absolute URL, so that it opens from an IDE in a project that uses the package:
/// the page docs/diagnostics/&lt;ID&gt;.md under the one RepositoryUrl of Directory.Build.props, which the build
/// compiles into the generator and the analyzers. The descriptors are found by reflection, so a new one is checked
/// without being listed here. That the package carries the pages is checked on a packed package (PackageTests).
/// </summary>
[Category(TestCategories.Generator)]
public sealed class HelpLinkTests
{
    /// <summary>The reflection finds the generator's and the analyzers' descriptors: as many as there are pages.</summary>
    [Test]
    public void EveryDescriptorIsFound()
    {
        var ids = DiagnosticCatalog.All.Select(d => d.Id).ToList();
        var pages = Directory.GetFiles(RepositoryFiles.DiagnosticsPages, "GRN*.md").Select(Path.GetFileNameWithoutExtension);
        Assert.Multiple(() =>
        {
            Assert.That(ids, Is.SupersetOf(new[] { "GRN0001", "GRN0013", "GRN0100", "GRN0203" }));
            Assert.That(ids, Is.EquivalentTo(pages), "one page per diagnostic, one diagnostic per page");
        });
    }

    [Test]
    public void EveryHelpLinkIsTheAbsoluteUrlOfItsPageUnderTheRepositoryUrl() => Assert.Multiple(() =>
    {
        foreach (var descriptor in DiagnosticCatalog.All)
        {
            Assert.That(Uri.TryCreate(descriptor.HelpLinkUri, UriKind.Absolute, out var link) && link.Scheme == Uri.UriSchemeHttps, Is.True,
                $"{descriptor.Id}: '{descriptor.HelpLinkUri}' is an absolute https URL");
            Assert.That(descriptor.HelpLinkUri, Is.EqualTo($"{RepositoryFiles.RepositoryUrl}/blob/main/docs/diagnostics/{descriptor.Id}.md"));
        }
    });

    [Test]
    public void EveryLinkedPageExistsInTheRepository() => Assert.Multiple(() =>
    {
        foreach (var descriptor in DiagnosticCatalog.All)
        {
            Assert.That(File.Exists(Path.Combine(RepositoryFiles.Root, DiagnosticCatalog.PagePath(descriptor))), Is.True, $"{descriptor.Id} has its page");
        }
    });

    [Test]
    public void TheGeneratorAndTheAnalyzersCompileInTheRepositoryUrlProperty() => Assert.That(
        DiagnosticCatalog.Assemblies.Select(assembly => assembly.GetType("Greenlets.Generators.RepositoryInfo")?.GetField("Url")?.GetRawConstantValue()),
        Is.All.EqualTo(RepositoryFiles.RepositoryUrl));

    /// <summary>The URL has one home: a copy of it in the sources would not follow a change of the property.</summary>
    [Test]
    public void NoSourceOfTheGeneratorOrTheAnalyzersSpellsOutAUrl()
    {
        var sources = new[] { "Greenlet.Generators", "Greenlet.Analyzers", "Greenlet.Analyzers.CodeFixes" }
            .SelectMany(project => Directory.EnumerateFiles(Path.Combine(RepositoryFiles.Root, project), "*.cs", SearchOption.AllDirectories))
            .Where(path => !path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") && !path.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}"))
            .ToList();

        Assert.That(sources, Is.Not.Empty);
        Assert.That(sources.Where(path => File.ReadAllText(path).Contains("://", StringComparison.Ordinal)).Select(Path.GetFileName), Is.Empty);
    }
}

/// <summary>Every diagnostic the generator and the analyzers can report, found by reflection.</summary>
internal static class DiagnosticCatalog
{
    public static IReadOnlyList<Assembly> Assemblies { get; } = [typeof(GreenletGenerator).Assembly, typeof(BlockingCallAnalyzer).Assembly];

    public static IReadOnlyList<DiagnosticDescriptor> All { get; } = Assemblies
        .SelectMany(assembly => assembly.GetTypes())
        .SelectMany(Descriptors)
        .DistinctBy(descriptor => descriptor.Id)
        .OrderBy(descriptor => descriptor.Id, StringComparer.Ordinal)
        .ToList();

    /// <summary>The page of <paramref name="descriptor"/>, relative to the repository root and to the package root.</summary>
    public static string PagePath(DiagnosticDescriptor descriptor) => $"docs/diagnostics/{descriptor.Id}.md";

    /// <summary>The descriptors a type holds in static fields or properties, and those an analyzer says it supports.</summary>
    private static IEnumerable<DiagnosticDescriptor> Descriptors(Type type)
    {
        const BindingFlags statics = BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly;
        if (type.ContainsGenericParameters)
        {
            return [];
        }

        var held = type.GetFields(statics).Where(f => f.FieldType == typeof(DiagnosticDescriptor)).Select(f => f.GetValue(null))
            .Concat(type.GetProperties(statics).Where(p => p.PropertyType == typeof(DiagnosticDescriptor) && p.GetIndexParameters().Length == 0).Select(p => p.GetValue(null)))
            .OfType<DiagnosticDescriptor>();
        var supported = typeof(DiagnosticAnalyzer).IsAssignableFrom(type) && !type.IsAbstract && type.GetConstructor(Type.EmptyTypes) is not null
            ? ((DiagnosticAnalyzer)Activator.CreateInstance(type)!).SupportedDiagnostics
            : [];
        return held.Concat(supported);
    }
}
