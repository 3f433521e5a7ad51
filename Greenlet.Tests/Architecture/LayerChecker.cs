using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Greenlets.Tests.Architecture;

/// <summary>One use, in an outer file, of a symbol the core keeps to itself.</summary>
/// <param name="File">The outer file, relative to the runtime's folder.</param>
/// <param name="Line">Its 1-based line.</param>
/// <param name="Symbol">The symbol used, as Roslyn displays it.</param>
/// <param name="DeclaredIn">The core file that declares it.</param>
internal sealed record LayerViolation(string File, int Line, string Symbol, string DeclaredIn)
{
    public override string ToString() => $"{File}:{Line} uses {Symbol} (internal to the core, {DeclaredIn})";
}

/// <summary>
/// The layer rule over a compilation of the runtime's sources: a file of an outer folder may name anything public,
/// and anything declared in an outer folder, but nothing that a core file declares with less than public reach (an
/// internal type, an internal member, a public member of an internal type, an internal setter). Files are told apart
/// by their first folder under the runtime's root, as written in each syntax tree's path.
/// </summary>
internal static class LayerChecker
{
    public static IReadOnlyList<LayerViolation> Check(Compilation compilation, ISet<string> outerFolders)
    {
        var violations = new List<LayerViolation>();
        foreach (var tree in compilation.SyntaxTrees.Where(tree => outerFolders.Contains(FolderOf(tree.FilePath))))
        {
            var model = compilation.GetSemanticModel(tree);
            foreach (var node in tree.GetRoot().DescendantNodes())
            {
                foreach (var symbol in SymbolsUsedBy(model, node))
                {
                    if (CoreDeclaration(symbol, outerFolders) is { } declaredIn)
                    {
                        violations.Add(new LayerViolation(
                            tree.FilePath, node.GetLocation().GetLineSpan().StartLinePosition.Line + 1, symbol.ToDisplayString(), declaredIn));
                    }
                }
            }
        }

        return violations.Distinct().ToList();
    }

    /// <summary>The first folder of a path relative to the runtime's root ("Zmq/ZmqSocket.cs" is in "Zmq").</summary>
    public static string FolderOf(string path)
    {
        var slash = path.Replace('\\', '/').IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? string.Empty : path[..slash];
    }

    private static IEnumerable<ISymbol> SymbolsUsedBy(SemanticModel model, SyntaxNode node)
    {
        // Names, member accesses, invocations, constructions, operators and explicit interface specifiers all resolve
        // here; a declaration's own name does not (it is a token, not a name node), so declaring is not using.
        if (node is not (ExpressionSyntax or ConstructorInitializerSyntax or PrimaryConstructorBaseTypeSyntax or CrefSyntax))
        {
            yield break;
        }

        var info = model.GetSymbolInfo(node);
        if (info.Symbol is { } symbol)
        {
            yield return symbol;
            if (symbol is IPropertySymbol { SetMethod: { } setter } && IsAssigned(node))
            {
                yield return setter;
            }
        }

        foreach (var candidate in info.CandidateSymbols)
        {
            yield return candidate;
        }

        // What an await or a foreach calls without naming it.
        if (node is AwaitExpressionSyntax awaited && model.GetAwaitExpressionInfo(awaited) is var awaitInfo)
        {
            foreach (var method in new ISymbol?[] { awaitInfo.GetAwaiterMethod, awaitInfo.GetResultMethod, awaitInfo.IsCompletedProperty })
            {
                if (method is not null)
                {
                    yield return method;
                }
            }
        }

        if (model.GetConversion(node) is { IsUserDefined: true, MethodSymbol: { } conversion })
        {
            yield return conversion;
        }
    }

    private static bool IsAssigned(SyntaxNode node)
    {
        var target = node.Parent is MemberAccessExpressionSyntax access && access.Name == node ? access : node;
        return target.Parent is AssignmentExpressionSyntax assignment && assignment.Left == target;
    }

    /// <summary>The core file declaring <paramref name="symbol"/>, when it is declared there with less than public reach; else null.</summary>
    private static string? CoreDeclaration(ISymbol symbol, ISet<string> outerFolders)
    {
        symbol = symbol switch
        {
            IMethodSymbol { ReducedFrom: { } extension } => extension.OriginalDefinition,
            _ => symbol.OriginalDefinition,
        };

        if (symbol.Kind is SymbolKind.Local or SymbolKind.Parameter or SymbolKind.RangeVariable or SymbolKind.Label
            or SymbolKind.TypeParameter or SymbolKind.Namespace or SymbolKind.Discard or SymbolKind.Alias)
        {
            return null;
        }

        var declaration = symbol.DeclaringSyntaxReferences.Select(reference => reference.SyntaxTree.FilePath).FirstOrDefault();
        if (declaration is null || outerFolders.Contains(FolderOf(declaration)) || IsPublicFacing(symbol))
        {
            return null;
        }

        return declaration;
    }

    /// <summary>Whether code outside the assembly can reach it: it and every type around it are public (or protected).</summary>
    private static bool IsPublicFacing(ISymbol symbol)
    {
        for (var current = symbol; current is not null and not INamespaceSymbol; current = current.ContainingSymbol)
        {
            if (current.DeclaredAccessibility is not (Accessibility.Public or Accessibility.Protected or Accessibility.ProtectedOrInternal))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Parses every source file under <paramref name="runtimeFolder"/> (outside bin and obj) into one compilation, with
    /// the SDK's implicit usings, each tree's path relative to the folder.
    /// </summary>
    public static CSharpCompilation CompileFolder(string runtimeFolder)
    {
        var options = new CSharpParseOptions(LanguageVersion.Latest, preprocessorSymbols: ["NET", "NET10_0", "NET10_0_OR_GREATER", "RELEASE"]);
        var trees = Directory.EnumerateFiles(runtimeFolder, "*.cs", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(runtimeFolder, path).Replace('\\', '/'))
            .Where(relative => !relative.StartsWith("bin/", StringComparison.Ordinal) && !relative.StartsWith("obj/", StringComparison.Ordinal))
            .OrderBy(relative => relative, StringComparer.Ordinal)
            .Select(relative => CSharpSyntaxTree.ParseText(File.ReadAllText(Path.Combine(runtimeFolder, relative)), options, relative))
            .Append(CSharpSyntaxTree.ParseText(ImplicitUsings, options, "ImplicitUsings.g.cs"));
        return Compile(trees);
    }

    public static CSharpCompilation Compile(IEnumerable<SyntaxTree> trees) => CSharpCompilation.Create(
        "LayerCheck",
        trees,
        Basic.Reference.Assemblies.Net100.References.All,
        new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, allowUnsafe: true, nullableContextOptions: NullableContextOptions.Enable));

    private const string ImplicitUsings = """
        global using System;
        global using System.Collections.Generic;
        global using System.IO;
        global using System.Linq;
        global using System.Net.Http;
        global using System.Threading;
        global using System.Threading.Tasks;
        """;
}
