using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Greenlets.Generators;

/// <summary>
/// Reads one [Greenlet] method with its semantic model and produces the plain-data model of its twin,
/// or the errors that explain why it cannot be rewritten. Nothing from Roslyn leaves this class.
/// </summary>
internal static class TwinParser
{
    /// <summary>
    /// The twin as written, plus, when the body has calls the monkey patch rewrites, the patched twin
    /// (<see cref="TwinResult.Patched"/>), chosen later by the project's GreenletMonkeyPatch property.
    /// </summary>
    public static TwinResult Parse(MethodDeclarationSyntax method, IMethodSymbol symbol, SemanticModel model, CancellationToken cancellationToken)
    {
        model = WithoutNullableAnalysis(model);
        var catalog = BuiltInCatalog(model.Compilation);
        var parameterNames = symbol.Parameters.Select(p => p.Name).ToArray();
        var scan = ((SyntaxNode?)method.Body ?? method.ExpressionBody) is { } body ? BodyScan.Of(body, parameterNames) : null;
        var plain = Parse(method, symbol, model, catalog, scan, monkeyPatch: false, out var patchable, cancellationToken);
        return patchable
            ? plain with { Patched = Parse(method, symbol, model, catalog, scan, monkeyPatch: true, out _, cancellationToken) }
            : plain;
    }

    /// <summary>
    /// The same tree's model with nullable analysis off. The rewrite needs which method each call binds to, never
    /// the flow state of a nullable reference; a model with it on runs the nullable walker over every body it is
    /// asked about, which the compiler runs again when it compiles, and which was a third of the generator's time.
    /// </summary>
    /// <remarks>
    /// The option is marked experimental (RSEXPERIMENTAL001): a compiler without it fails this call when it is first
    /// compiled, and the generator then keeps the model it was given, slower and otherwise the same.
    /// </remarks>
    private static SemanticModel WithoutNullableAnalysis(SemanticModel model)
    {
        if (s_modelOptionsMissing)
        {
            return model;
        }

        try
        {
            return ModelWithoutNullableAnalysis(model);
        }
        catch (System.Exception e) when (e is System.MissingMemberException or System.TypeLoadException)
        {
            s_modelOptionsMissing = true;
            return model;
        }
    }

    private static volatile bool s_modelOptionsMissing;

#pragma warning disable RSEXPERIMENTAL001 // guarded by the caller
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static SemanticModel ModelWithoutNullableAnalysis(SemanticModel model) =>
        model.Compilation.GetSemanticModel(model.SyntaxTree, SemanticModelOptions.DisableNullableAnalysis);
#pragma warning restore RSEXPERIMENTAL001

    private static readonly ConditionalWeakTable<Compilation, CatalogIndex> s_catalogs = new();

    /// <summary>The built-in catalog resolved once per compilation.</summary>
    private static CatalogIndex BuiltInCatalog(Compilation compilation) =>
        s_catalogs.GetValue(compilation, c => new CatalogIndex(c, BlockingCatalog.BuiltIn));

    private static TwinResult Parse(
        MethodDeclarationSyntax method,
        IMethodSymbol symbol,
        SemanticModel model,
        CatalogIndex catalog,
        BodyScan? scan,
        bool monkeyPatch,
        out bool patchable,
        CancellationToken cancellationToken)
    {
        patchable = false;
        var diagnostics = new List<DiagnosticInfo>();
        CheckShape(method, symbol, scan, diagnostics);
        if (diagnostics.Count > 0)
        {
            return new TwinResult(null, diagnostics.ToEquatableArray());
        }

        var suspending = SuspendingLocalFunctions(scan, model, cancellationToken);
        var rewriter = new BodyRewriter(model, symbol, (ICollection<string>?)scan?.DeclaredNames ?? [], suspending, catalog, monkeyPatch, cancellationToken);
        SyntaxNode? body = method.Body ?? (SyntaxNode?)method.ExpressionBody?.Expression;
        // A block keeps its brace in its original column, so the generated file reads like the source.
        var indent = body is BlockSyntax ? body.SyntaxTree.GetLineSpan(body.Span, cancellationToken).StartLinePosition.Character : 0;
        var rewrittenBody = body is null ? null : rewriter.Rewrite(body, indent);
        patchable = rewriter.HasPatchableCalls;
        diagnostics.AddRange(rewriter.Diagnostics);
        if (body is not null && scan is not null)
        {
            RefLocalChecker.Check(body, scan, rewriter.Points.Select(p => p.Node).ToList(), model, diagnostics, cancellationToken);
        }

        if (diagnostics.Count > 0)
        {
            return new TwinResult(null, diagnostics.ToEquatableArray());
        }

        var filePath = method.SyntaxTree.FilePath;
        var twin = new TwinModel(
            ContainerOf(method, symbol),
            Signature(method, symbol),
            BodyText(symbol, body, rewrittenBody),
            body is null ? 0 : body.GetLocation().GetLineSpan().StartLinePosition.Line + 1,
            filePath,
            model.GetNullableContext(method.SpanStart).AnnotationsEnabled(),
            AwaitOrder.Sort(body, rewriter.Points.Where(p => !p.InLocalFunction)).Select(p => p.Describe()).ToEquatableArray(),
            UnreadParameters(method, symbol, scan),
            rewriter.CooperativeForms.ToEquatableArray(),
            Registration(symbol, model.Compilation));
        return new TwinResult(twin, diagnostics.ToEquatableArray());
    }

    /// <summary>
    /// The parameters the body never names, as written (<c>@class</c>); none when one is named <c>_</c>, which would
    /// take the discards. Judged by name, not by data flow: a parameter only written, or named by a lambda's own
    /// parameter, counts as read and misses only its discard (a greenlet description without that argument), while the
    /// data-flow analysis this replaces bound every body a second way and cost a tenth of the generator's time.
    /// </summary>
    private static EquatableArray<string> UnreadParameters(MethodDeclarationSyntax method, IMethodSymbol symbol, BodyScan? scan)
    {
        if (scan is null || symbol.Parameters.IsEmpty || symbol.Parameters.Any(p => p.Name == "_"))
        {
            return EquatableArray<string>.Empty;
        }

        return symbol.Parameters
            .Where(p => !scan.NamedParameters[p.Ordinal] && p.Ordinal < method.ParameterList.Parameters.Count)
            .Select(p => method.ParameterList.Parameters[p.Ordinal].Identifier.Text)
            .ToEquatableArray();
    }

    private static void CheckShape(MethodDeclarationSyntax method, IMethodSymbol symbol, BodyScan? scan, List<DiagnosticInfo> diagnostics)
    {
        var name = symbol.Name;
        void Report(DiagnosticDescriptor descriptor, Location at, params string[] arguments) =>
            diagnostics.Add(new DiagnosticInfo(descriptor.Id, LocationInfo.From(at), arguments.ToEquatableArray()));

        // Each error points at the construct to change: the type, the modifier, the parameter, the statement.
        foreach (var type in method.Ancestors().OfType<TypeDeclarationSyntax>())
        {
            if (!type.Modifiers.Any(SyntaxKind.PartialKeyword))
            {
                Report(DiagnosticDescriptors.NonPartialType, type.Identifier.GetLocation(), type.Identifier.Text, name);
                return;
            }

            if (type.Modifiers.Any(SyntaxKind.FileKeyword))
            {
                Report(DiagnosticDescriptors.FileLocalType, type.Identifier.GetLocation(), name, type.Identifier.Text);
                return;
            }
        }

        var identifier = method.Identifier.GetLocation();
        if (symbol.IsAsync)
        {
            var asyncKeyword = method.Modifiers.FirstOrDefault(m => m.IsKind(SyntaxKind.AsyncKeyword));
            Report(DiagnosticDescriptors.UnsupportedMethod, asyncKeyword.IsKind(SyntaxKind.AsyncKeyword) ? asyncKeyword.GetLocation() : identifier, name, "it is already async; remove async and await and call the cooperative operations directly");
        }
        else if (symbol.ReturnsByRef || symbol.ReturnsByRefReadonly)
        {
            Report(DiagnosticDescriptors.UnsupportedMethod, method.ReturnType.GetLocation(), name, "it returns by reference; return the value instead");
        }
        else if (symbol.ReturnType.IsRefLikeType)
        {
            Report(DiagnosticDescriptors.UnsupportedMethod, method.ReturnType.GetLocation(), name, $"its return type {symbol.ReturnType.Name} is a ref struct, which cannot outlive a suspension; return an array or a Memory instead");
        }
        else if (method.Body is null && method.ExpressionBody is null && !symbol.IsAbstract)
        {
            Report(DiagnosticDescriptors.UnsupportedMethod, identifier, name, "it has no body to rewrite; mark the declaration that has the body");
        }
        else if (symbol.MethodKind != MethodKind.Ordinary)
        {
            Report(DiagnosticDescriptors.UnsupportedMethod, identifier, name, "only ordinary methods can be rewritten, not explicit interface implementations; implement the interface implicitly, or call a [Greenlet] method from it");
        }

        foreach (var parameter in method.ParameterList.Parameters)
        {
            if (parameter.Modifiers.Any(m => m.IsKind(SyntaxKind.RefKeyword) || m.IsKind(SyntaxKind.OutKeyword) || m.IsKind(SyntaxKind.InKeyword)))
            {
                Report(DiagnosticDescriptors.ByRefParameter, parameter.GetLocation(), name, parameter.Identifier.Text);
            }
            else if (symbol.Parameters.FirstOrDefault(p => p.Name == parameter.Identifier.ValueText) is { Type.IsRefLikeType: true } refLike)
            {
                Report(DiagnosticDescriptors.UnsupportedMethod, parameter.GetLocation(), name, $"parameter '{refLike.Name}' is a ref struct ({refLike.Type.Name}), which cannot outlive a suspension; pass an array or a Memory instead");
            }
        }

        if (scan?.FirstOwnYield is { } yield)
        {
            Report(DiagnosticDescriptors.Iterator, yield.GetLocation(), name);
        }

        if (!symbol.IsStatic && symbol.ContainingType.TypeKind == TypeKind.Struct && !symbol.ContainingType.IsReadOnly && !symbol.IsReadOnly)
        {
            Report(DiagnosticDescriptors.MutableStructInstanceMethod, identifier, name, symbol.ContainingType.Name);
        }

        var unsafeModifier = method.Modifiers.FirstOrDefault(m => m.IsKind(SyntaxKind.UnsafeKeyword));
        var unsafeNode = scan?.FirstUnsafe;
        if (unsafeModifier.IsKind(SyntaxKind.UnsafeKeyword) || unsafeNode is not null)
        {
            Report(DiagnosticDescriptors.UnsafeCode, unsafeModifier.IsKind(SyntaxKind.UnsafeKeyword) ? unsafeModifier.GetLocation() : unsafeNode!.GetLocation(), name);
        }
    }

    /// <summary>The nodes of a body that belong to the method itself, not to its lambdas or local functions.</summary>
    private static IEnumerable<SyntaxNode> OwnNodes(SyntaxNode body) =>
        body.DescendantNodes(n => n == body || n is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax));

    /// <summary>Local functions that contain suspension points, directly or by calling one another.</summary>
    private static HashSet<IMethodSymbol> SuspendingLocalFunctions(BodyScan? scan, SemanticModel model, CancellationToken cancellationToken)
    {
        var suspending = new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default);
        if (scan is null || scan.LocalFunctions.Count == 0)
        {
            return suspending;
        }

        var locals = scan.LocalFunctions
            .Select(f => (Syntax: f, Symbol: model.GetDeclaredSymbol(f, cancellationToken) as IMethodSymbol))
            .Where(f => f.Symbol is not null)
            .ToList();
        var names = CallNameFilter.For(model.Compilation);
        var localNames = new HashSet<string>(locals.Select(f => f.Symbol!.Name), System.StringComparer.Ordinal);
        bool changed;
        do
        {
            changed = false;
            foreach (var (syntax, symbol) in locals)
            {
                if (suspending.Contains(symbol!))
                {
                    continue;
                }

                var nodes = OwnNodes((SyntaxNode?)syntax.Body ?? syntax.ExpressionBody!).ToList();
                if (nodes.OfType<InvocationExpressionSyntax>().Any(call => names.MayMatter(call, localNames) && CallClassifier.Classify(call, model, suspending, cancellationToken).Suspends)
                    || nodes.OfType<CommonForEachStatementSyntax>().Any(loop => CallClassifier.IsCooperativeForEach(loop, model)))
                {
                    suspending.Add(symbol!.OriginalDefinition);
                    changed = true;
                }
            }
        }
        while (changed);

        return suspending;
    }

    /// <summary>
    /// The containers already described, per type symbol (so per compilation) and declaration: every method of a type
    /// declaration shares one, and describing it (the usings, the type chain) for each of a hundred methods was a
    /// twentieth of the step.
    /// </summary>
    private static readonly ConditionalWeakTable<INamedTypeSymbol, Dictionary<SyntaxNode, TwinContainer>> s_containers = new();

    private static TwinContainer ContainerOf(MethodDeclarationSyntax method, IMethodSymbol symbol)
    {
        var declarations = s_containers.GetValue(symbol.ContainingType, _ => new Dictionary<SyntaxNode, TwinContainer>());
        var declaration = method.Parent ?? method;
        lock (declarations)
        {
            if (!declarations.TryGetValue(declaration, out var container))
            {
                declarations[declaration] = container = DescribeContainer(method, symbol);
            }

            return container;
        }
    }

    private static TwinContainer DescribeContainer(MethodDeclarationSyntax method, IMethodSymbol symbol)
    {
        var types = new List<TypeDeclarationInfo>();
        for (var type = symbol.ContainingType; type is not null; type = type.ContainingType)
        {
            types.Insert(0, new TypeDeclarationInfo(
                Keyword(type),
                type.Name,
                type.TypeParameters.Length == 0 ? "" : "<" + string.Join(", ", type.TypeParameters.Select(t => t.Name)) + ">",
                type.IsStatic,
                type.DeclaredAccessibility is Accessibility.Public or Accessibility.Internal or Accessibility.ProtectedOrInternal && !type.IsFileLocal));
        }

        var compilationUnit = method.SyntaxTree.GetCompilationUnitRoot();
        var fileUsings = compilationUnit.Externs.Select(e => e.ToString())
            .Concat(compilationUnit.Usings.Where(u => u.GlobalKeyword.IsKind(SyntaxKind.None)).Select(u => u.ToString()));
        var namespaceUsings = method.Ancestors().OfType<BaseNamespaceDeclarationSyntax>().Reverse()
            .SelectMany(n => n.Usings.Select(u => u.ToString()));
        var ns = symbol.ContainingNamespace.IsGlobalNamespace ? "" : symbol.ContainingNamespace.ToDisplayString();
        return new TwinContainer(ns, types.ToEquatableArray(), fileUsings.ToEquatableArray(), namespaceUsings.ToEquatableArray());
    }

    /// <summary>What the module initializer needs to register the twin; null for a generic method, whose twin it cannot name.</summary>
    private static TwinRegistration? Registration(IMethodSymbol symbol, Compilation compilation)
    {
        if (symbol.IsGenericMethod
            || symbol.Parameters.Length > 16
            || symbol.ExplicitInterfaceImplementations.Length > 0
            || symbol.Parameters.Any(p => !IsNameableInTypeOf(p.Type)))
        {
            return null;
        }

        var names = TypeNames.For(compilation);
        var parameterTypes = symbol.Parameters.Select(p => names.InTypeOf(p.Type)).ToList();
        var result = symbol.ReturnsVoid ? KnownNames.GreenTask : $"{KnownNames.GreenTask}<{names.FullyQualified(symbol.ReturnType)}>";
        var delegateType = "global::System.Func<" + string.Join(", ", symbol.Parameters.Select(p => names.FullyQualified(p.Type)).Concat(new[] { result })) + ">";
        return new TwinRegistration(symbol.Name, symbol.IsStatic, parameterTypes.ToEquatableArray(), delegateType);
    }


    private static bool IsNameableInTypeOf(ITypeSymbol type) => type switch
    {
        { TypeKind: TypeKind.Dynamic or TypeKind.Pointer or TypeKind.FunctionPointer or TypeKind.Error } => false,
        IArrayTypeSymbol array => IsNameableInTypeOf(array.ElementType),
        INamedTypeSymbol named => named.TypeArguments.All(IsNameableInTypeOf) && (named.ContainingType is null || IsNameableInTypeOf(named.ContainingType)),
        _ => true,
    };

    private static string Keyword(INamedTypeSymbol type) => type switch
    {
        { IsRecord: true, TypeKind: TypeKind.Struct } => "record struct",
        { IsRecord: true } => "record",
        { TypeKind: TypeKind.Struct } => "struct",
        { TypeKind: TypeKind.Interface } => "interface",
        _ => "class",
    };

    /// <summary><c>public static async global::Greenlets.CompilerServices.GreenTask&lt;int&gt; Worker__Greenlet(string name)</c>.</summary>
    private static string Signature(MethodDeclarationSyntax method, IMethodSymbol symbol)
    {
        var modifiers = method.Modifiers
            .Where(m => !m.IsKind(SyntaxKind.AsyncKeyword) && !m.IsKind(SyntaxKind.PartialKeyword) && !m.IsKind(SyntaxKind.ExternKeyword))
            .Select(m => m.Text)
            .ToList();
        if (method.Modifiers.Any(SyntaxKind.OverrideKeyword) && !OverridesTwin(symbol))
        {
            modifiers.Remove("override");
            modifiers.Remove("sealed");
            modifiers.Add("new virtual");
        }

        if (!symbol.IsAbstract)
        {
            modifiers.Add("async");
        }

        var returnType = symbol.ReturnsVoid
            ? KnownNames.GreenTask
            : $"{KnownNames.GreenTask}<{method.ReturnType}>";
        var typeParameters = method.TypeParameterList?.ToString() ?? "";
        var constraints = string.Concat(method.ConstraintClauses.Select(c => " " + c));
        // Parameter attributes are dropped, except caller-info ones, which callers of the twin rely on.
        var parameters = string.Join(", ", method.ParameterList.Parameters.Select((p, i) =>
            (i < symbol.Parameters.Length ? CallerInfo.Attributes(symbol.Parameters[i]) : "") + (p.AttributeLists.Count == 0 ? p.ToString() : p.WithAttributeLists(default).ToString())));
        return $"{string.Join(" ", modifiers)} {returnType} {symbol.Name}{KnownNames.TwinSuffix}{typeParameters}({parameters}){constraints}";
    }

    /// <summary>Whether the method this one overrides has a twin to override in turn.</summary>
    private static bool OverridesTwin(IMethodSymbol symbol)
    {
        var overridden = symbol.OverriddenMethod;
        return overridden is not null
            && (CallClassifier.IsGreenletMethod(overridden)
                || overridden.ContainingType.GetMembers(overridden.Name + KnownNames.TwinSuffix).OfType<IMethodSymbol>()
                    .Any(m => m.Parameters.Length == overridden.Parameters.Length && (m.IsVirtual || m.IsAbstract || m.IsOverride)));
    }

    /// <param name="body">The method's body, a block or an expression.</param>
    /// <param name="rewritten">Its text in the twin, without its outer trivia; a block's indented.</param>
    private static string BodyText(IMethodSymbol symbol, SyntaxNode? body, string? rewritten)
    {
        switch (body)
        {
            case null:
                return ";";
            case BlockSyntax:
                return rewritten!;
            default:
                return symbol.ReturnsVoid ? $"{{ {rewritten}; }}" : $"{{ return {rewritten}; }}";
        }
    }
}
