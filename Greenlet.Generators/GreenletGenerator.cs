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

        /// <summary>Calls the syntax filter let through to the semantic step: only calls by the name of a [TwinOverload] method.</summary>
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

        var implied = context.SyntaxProvider
            .CreateSyntaxProvider(
                static (node, _) => node is MethodDeclarationSyntax method && method.Modifiers.Any(m => m.Text == "override"),
                static (ctx, ct) =>
                {
                    var method = (MethodDeclarationSyntax)ctx.Node;
                    return ctx.SemanticModel.GetDeclaredSymbol(method, ct) is IMethodSymbol symbol
                        && !CallClassifier.HasAttribute(symbol, KnownNames.GreenletAttribute)
                        && symbol.OverriddenMethod is { } overridden
                        && CallClassifier.IsGreenletMethod(overridden)
                            ? TwinParser.Parse(method, symbol, ctx.SemanticModel, ct)
                            : null;
                })
            .Where(static result => result is not null)
            .Select(static (result, _) => result!)
            .WithTrackingName(Steps.ImpliedOverrides);

        var callSites = context.SyntaxProvider
            .CreateSyntaxProvider(InterceptorParser.IsCandidate, InterceptorParser.Parse)
            .WithTrackingName(Steps.InterceptorCandidates)
            .Where(static site => site is not null)
            .Select(static (site, _) => site!)
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
