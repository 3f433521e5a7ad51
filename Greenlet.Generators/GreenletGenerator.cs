using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Greenlets.Generators;

/// <summary>
/// Rewrites each [Greenlet] method into a twin whose suspension points are awaits, and redirects call sites
/// that spawn [Greenlet] methods to the twins. The pipeline carries only equatable data, so an edit re-runs
/// only the steps whose input changed.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class GreenletGenerator : IIncrementalGenerator
{
    /// <summary>Tracking names of the pipeline's steps, for incrementality tests.</summary>
    public static class Steps
    {
        /// <summary>Methods marked [Greenlet], parsed.</summary>
        public const string MarkedMethods = nameof(MarkedMethods);

        /// <summary>Overrides of [Greenlet] methods, which are rewritten too.</summary>
        public const string ImpliedOverrides = nameof(ImpliedOverrides);

        /// <summary>Calls redirected to twin overloads.</summary>
        public const string Interceptors = nameof(Interceptors);

        /// <summary>
        /// What the syntax filter let through to the semantic step, bound: calls by the name of a [TwinOverload] method,
        /// and overriding methods, from the files whose text spells such a name or <c>override</c> (<see cref="CandidateFiles"/>).
        /// </summary>
        public const string InterceptorCandidates = nameof(InterceptorCandidates);

        /// <summary>One generated file per containing type: only a changed one is emitted again.</summary>
        public const string TwinFiles = nameof(TwinFiles);
    }

    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var marked = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                KnownNames.GreenletAttribute,
                static (node, _) => node is MethodDeclarationSyntax,
                static (ctx, ct) => TwinParser.Parse((MethodDeclarationSyntax)ctx.TargetNode, (IMethodSymbol)ctx.TargetSymbol, ctx.SemanticModel, ct))
            .WithTrackingName(Steps.MarkedMethods);

        // A syntax provider walks every node of every file, which was most of what a project without [Greenlet]
        // methods paid for the generator. Here a file is walked only when its text spells a [TwinOverload] method's
        // name or "override", once per version of the file (a tree the next compilation keeps is cached); then the
        // candidates are bound against each compilation, as a syntax provider's transform is.
        var candidateFiles = context.CompilationProvider
            .SelectMany(static (compilation, _) => compilation.SyntaxTrees)
            .Where(static tree => CandidateFiles.MayHoldCandidates(tree, default))
            .Select(static (tree, ct) => (Tree: tree, Nodes: CandidateFiles.Candidates(tree, ct)))
            .Where(static file => !file.Nodes.IsEmpty);
        var candidates = candidateFiles
            .Combine(context.CompilationProvider)
            .SelectMany(static (pair, ct) => ParseCandidates(pair.Left.Tree, pair.Left.Nodes, pair.Right, ct))
            .WithTrackingName(Steps.InterceptorCandidates);

        var implied = candidates
            .Where(static candidate => candidate.Override is not null)
            .Select(static (candidate, _) => candidate.Override!)
            .WithTrackingName(Steps.ImpliedOverrides);

        var callSites = candidates
            .Where(static candidate => candidate.CallSite is not null)
            .Select(static (candidate, _) => candidate.CallSite!)
            .WithTrackingName(Steps.Interceptors);
        var interceptors = callSites.Where(static site => site.Site is not null).Select(static (site, _) => site.Site!);

        // The project's GreenletMonkeyPatch property picks the patched twins where the patch changes them.
        var monkeyPatch = context.AnalyzerConfigOptionsProvider.Select(static (options, _) => MonkeyPatch.IsEnabled(options.GlobalOptions));
        var markedTwins = marked.Combine(monkeyPatch).Select(static (pair, _) => Choose(pair.Left, pair.Right));
        var impliedTwins = implied.Combine(monkeyPatch).Select(static (pair, _) => Choose(pair.Left, pair.Right));

        // Errors are reported against the compilation's own syntax trees, so that hosts (the IDE, code fixes) place
        // them in the document. Only the methods that have errors are combined with the compilation, once per run.
        var errors = markedTwins.Select(static (result, _) => result.Diagnostics).Where(static d => d.Count > 0).Collect()
            .Combine(impliedTwins.Select(static (result, _) => result.Diagnostics).Where(static d => d.Count > 0).Collect())
            .Combine(callSites.Select(static (site, _) => site.Diagnostics).Where(static d => d.Count > 0).Collect());
        context.RegisterSourceOutput(errors.Combine(context.CompilationProvider), static (spc, input) =>
            ReportDiagnostics(spc, input.Left.Left.Left.AddRange(input.Left.Left.Right).AddRange(input.Left.Right), input.Right));
        // Grouped by containing type after one Collect, then split again: each file is an equatable item, so the
        // driver emits only the files whose twins changed, and an edit to one method rewrites one file.
        var twinFiles = markedTwins.Collect().Combine(impliedTwins.Collect())
            .SelectMany(static (results, _) => GroupByContainer(results.Left.AddRange(results.Right)))
            .WithTrackingName(Steps.TwinFiles);
        context.RegisterSourceOutput(twinFiles, static (spc, file) => spc.AddSource(file.HintName, TwinEmitter.Emit(file.Container, file.Twins, file.Part)));
        context.RegisterSourceOutput(interceptors.Collect(), EmitInterceptors);
    }

    private static ImmutableArray<SyntaxCandidate> ParseCandidates(SyntaxTree tree, ImmutableArray<SyntaxNode> nodes, Compilation compilation, System.Threading.CancellationToken cancellationToken)
    {
        var model = compilation.GetSemanticModel(tree);
        var results = ImmutableArray.CreateBuilder<SyntaxCandidate>();
        foreach (var node in nodes)
        {
            var candidate = node is MethodDeclarationSyntax method
                ? ImpliedOverride(method, model, cancellationToken) is { } twin ? new SyntaxCandidate(null, twin) : null
                : InterceptorParser.Parse((InvocationExpressionSyntax)node, model, cancellationToken) is { } site ? new SyntaxCandidate(site, null) : null;
            if (candidate is not null)
            {
                results.Add(candidate);
            }
        }

        return results.ToImmutable();
    }

    /// <summary>The twin of an override of a [Greenlet] method, which is rewritten too though it is not marked.</summary>
    private static TwinResult? ImpliedOverride(MethodDeclarationSyntax method, SemanticModel model, System.Threading.CancellationToken cancellationToken) =>
        model.GetDeclaredSymbol(method, cancellationToken) is IMethodSymbol symbol
        && !CallClassifier.HasAttribute(symbol, KnownNames.GreenletAttribute)
        && symbol.OverriddenMethod is { } overridden
        && CallClassifier.IsGreenletMethod(overridden)
            ? TwinParser.Parse(method, symbol, model, cancellationToken)
            : null;

    private static TwinResult Choose(TwinResult result, bool monkeyPatch) =>
        monkeyPatch && result.Patched is { } patched ? patched : result;

    private static void ReportDiagnostics(SourceProductionContext context, ImmutableArray<EquatableArray<DiagnosticInfo>> diagnostics, Compilation compilation)
    {
        if (diagnostics.IsEmpty)
        {
            return;
        }

        var trees = compilation.SyntaxTrees.GroupBy(t => t.FilePath).ToDictionary(g => g.Key, g => g.First());
        // A spawn site in a [Greenlet] method is both rewritten in the twin and intercepted in the plain form: one report.
        foreach (var diagnostic in diagnostics.SelectMany(d => d).Distinct())
        {
            context.ReportDiagnostic(diagnostic.ToDiagnostic(trees.TryGetValue(diagnostic.Location.FilePath, out var tree) ? tree : null));
        }
    }

    private static ImmutableArray<TwinFile> GroupByContainer(ImmutableArray<TwinResult> results)
    {
        var groups = results.Select(r => r.Twin).Where(t => t is not null)
            .GroupBy(t => t!.Container)
            .OrderBy(g => g.Key.FullTypeName, System.StringComparer.Ordinal);
        var usedNames = new System.Collections.Generic.HashSet<string>();
        var files = ImmutableArray.CreateBuilder<TwinFile>();
        foreach (var group in groups)
        {
            var name = group.Key.FullTypeName.Replace('<', '{').Replace('>', '}');
            var hint = name + ".g.cs";
            var part = 1;
            while (!usedNames.Add(hint))
            {
                part++;
                hint = $"{name}.{part}.g.cs";
            }

            files.Add(new TwinFile(hint, group.Key, group.Select(t => t!).ToEquatableArray(), part));
        }

        return files.ToImmutable();
    }

    private static void EmitInterceptors(SourceProductionContext context, ImmutableArray<InterceptorModel> sites)
    {
        if (sites.IsEmpty)
        {
            return;
        }

        var ordered = sites.OrderBy(s => s.SortKey, System.StringComparer.Ordinal).ToList();
        context.AddSource("GreenletInterceptors.g.cs", InterceptorEmitter.Emit(ordered));
    }
}
