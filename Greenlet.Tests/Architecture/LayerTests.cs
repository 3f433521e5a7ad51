using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Greenlets.Tests.Package;

namespace Greenlets.Tests.Architecture;

/// <summary>
/// The runtime's layers (docs/lowlevel.md, "The layer rule"): the protocol folders use the core only through its public
/// surface, the low-level API in <c>Greenlets.LowLevel</c> above all, and never an internal type or member of the core.
/// </summary>
public sealed class LayerTests
{
    /// <summary>
    /// The outer layer: the stream server, HTTP, WebSockets and ZeroMQ. Every other folder is the core. Net (the green
    /// socket) is not here yet: its allocation-free waits are frames of the core's awaitable plumbing (docs/lowlevel.md,
    /// "The layer rule", says why and what moves it out).
    /// </summary>
    internal static readonly HashSet<string> OuterFolders = ["Server", "Http", "WebSockets", "Zmq"];

    // LibraryImport's partial methods get their bodies from the interop generator, which this compilation does not run:
    // without them, the methods have no body (CS8795) and their out arguments look unassigned (CS0165).
    private static readonly HashSet<string> s_expectedErrors = ["CS8795", "CS0165"];

    [Test]
    public void TheOuterFoldersUseNothingInternalToTheCore()
    {
        var compilation = LayerChecker.CompileFolder(Path.Combine(RepositoryFiles.Root, "Greenlet.Runtime"));
        var errors = compilation.GetDiagnostics()
            .Where(d => d.Severity == DiagnosticSeverity.Error && !s_expectedErrors.Contains(d.Id))
            .Select(d => d.ToString())
            .ToList();
        var outerFiles = compilation.SyntaxTrees.Count(tree => OuterFolders.Contains(LayerChecker.FolderOf(tree.FilePath)));

        var violations = LayerChecker.Check(compilation, OuterFolders);

        Assert.That(errors, Is.Empty, "the runtime's sources compile here, so every symbol resolves");
        Assert.That(outerFiles, Is.GreaterThan(30), "the outer folders were found");
        Assert.That(violations, Is.Empty, "\n" + string.Join("\n", violations));
    }

    [Test]
    public void TheCheckerFlagsAnInternalTypeAnInternalMemberAndAnInternalSetterOfTheCore()
    {
        var violations = LayerChecker.Check(Synthetic(OuterUsingInternals), OuterFolders);

        Assert.That(
            violations.Select(v => $"{v.File}:{v.Line} {v.Symbol} {v.DeclaredIn}"),
            Is.EquivalentTo(new[]
            {
                "Zmq/Outer.cs:7 Core.Secret Core/Core.cs",
                "Zmq/Outer.cs:8 Core.Api.Internal() Core/Core.cs",
                "Zmq/Outer.cs:9 Core.Api.Value.set Core/Core.cs",
                "Zmq/Outer.cs:10 Core.Secret Core/Core.cs",
                "Zmq/Outer.cs:10 Core.Secret.Shown() Core/Core.cs",
            }));
    }

    [Test]
    public void TheCheckerAcceptsThePublicCoreAndTheOuterLayersOwnInternals()
    {
        var violations = LayerChecker.Check(Synthetic(OuterUsingPublicSurface), OuterFolders);

        Assert.That(violations, Is.Empty);
    }

    private static CSharpCompilation Synthetic(string outer)
    {
        var parse = new CSharpParseOptions(LanguageVersion.Latest);
        var compilation = LayerChecker.Compile(
        [
            CSharpSyntaxTree.ParseText(CoreSource, parse, "Core/Core.cs"),
            CSharpSyntaxTree.ParseText(outer, parse, "Zmq/Outer.cs"),
        ]);
        Assert.That(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error), Is.Empty, "the synthetic sources compile");
        return compilation;
    }

    private const string CoreSource = """
        namespace Core;
        internal sealed class Secret { public static int Shown() => 1; }
        public sealed class Api
        {
            public int Value { get; internal set; }
            internal static int Internal() => 2;
            public static int Public() => 3;
        }
        """;

    private const string OuterUsingInternals = """
        namespace Zmq;
        using Core;
        internal static class Outer
        {
            public static int Use(Api api)
            {
                object secret = typeof(Secret);
                var n = Api.Internal();
                api.Value = n;
                return Secret.Shown();
            }
        }
        """;

    private const string OuterUsingPublicSurface = """
        namespace Zmq;
        using Core;
        internal static class Outer
        {
            public static int Use(Api api) => api.Value + Api.Public() + Mine.Count;
        }
        internal static class Mine { internal static int Count => 1; }
        """;
}
