using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;

namespace Greenlets.Generators;

/// <summary>
/// Types spelled for generated code, once per type per compilation: most [Greenlet] methods of a project take the
/// same few parameter types, and spelling one builds its display parts again each time.
/// </summary>
internal sealed class TypeNames
{
    private static readonly ConditionalWeakTable<Compilation, TypeNames> s_byCompilation = new();

    /// <summary>Fully qualified, without nullable reference annotations and with tuples spelled out, as <c>typeof</c> takes them.</summary>
    private static readonly SymbolDisplayFormat s_typeOfFormat = SymbolDisplayFormat.FullyQualifiedFormat
        .RemoveMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier)
        .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.ExpandValueTuple);

    private readonly ConcurrentDictionary<ITypeSymbol, string> _fullyQualified = new(SymbolEqualityComparer.IncludeNullability);
    private readonly ConcurrentDictionary<ITypeSymbol, string> _inTypeOf = new(SymbolEqualityComparer.Default);

    public static TypeNames For(Compilation compilation) => s_byCompilation.GetValue(compilation, _ => new TypeNames());

    /// <summary><c>global::Greenlets.GreenQueue&lt;int&gt;</c>, with its nullable annotations.</summary>
    public string FullyQualified(ITypeSymbol type) =>
        _fullyQualified.GetOrAdd(type, static t => t.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat));

    /// <summary>As <c>typeof</c> takes it: without nullable annotations, tuples spelled out.</summary>
    public string InTypeOf(ITypeSymbol type) =>
        _inTypeOf.GetOrAdd(type, static t => t.WithNullableAnnotation(NullableAnnotation.NotAnnotated).ToDisplayString(s_typeOfFormat));
}
