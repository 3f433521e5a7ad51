using System.Linq;
using Microsoft.CodeAnalysis;

namespace Greenlets.Generators;

/// <summary>How generated code outside the user's types names symbols, and whether it can.</summary>
internal static class TypeNaming
{
    public static readonly SymbolDisplayFormat Format = SymbolDisplayFormat.FullyQualifiedFormat
        .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    public static string Display(ITypeSymbol type) => type.ToDisplayString(Format);

    /// <summary><c>&lt;global::System.Int32&gt;</c> for a generic method's type arguments, else nothing.</summary>
    public static string TypeArguments(IMethodSymbol method) =>
        method.IsGenericMethod ? "<" + string.Join(", ", method.TypeArguments.Select(Display)) + ">" : "";

    /// <summary>Whether generated code at the top level of this assembly can name the symbol.</summary>
    public static bool IsNameable(ISymbol symbol, Compilation compilation)
    {
        switch (symbol)
        {
            case ITypeParameterSymbol:
            case IErrorTypeSymbol:
                return false;
            case INamedTypeSymbol { IsAnonymousType: true }:
                return false;
            case INamedTypeSymbol named when named.IsFileLocal:
                return false;
            case INamedTypeSymbol named:
                return compilation.IsSymbolAccessibleWithin(named.OriginalDefinition, compilation.Assembly)
                    && named.TypeArguments.All(t => IsNameable(t, compilation))
                    && (named.ContainingType is null || IsNameable(named.ContainingType, compilation));
            case IArrayTypeSymbol array:
                return IsNameable(array.ElementType, compilation);
            case IPointerTypeSymbol:
            case IFunctionPointerTypeSymbol:
                return false;
            case IMethodSymbol method:
                return compilation.IsSymbolAccessibleWithin(method.OriginalDefinition, compilation.Assembly)
                    && IsNameable(method.ContainingType, compilation)
                    && method.TypeArguments.All(t => IsNameable(t, compilation));
            default:
                return true;
        }
    }
}
