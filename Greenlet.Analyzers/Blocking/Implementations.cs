using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace Greenlets.Analyzers;

/// <summary>
/// The implementations of an interface method, and the overrides of a virtual one, that the compilation's source
/// declares. The source types are listed once per compilation, on the first call through an interface or a
/// virtual method of the source.
/// </summary>
internal sealed class Implementations
{
    private readonly Compilation _compilation;
    private readonly ConcurrentDictionary<IMethodSymbol, ImmutableArray<IMethodSymbol>> _found = new(SymbolEqualityComparer.Default);
    private ImmutableArray<INamedTypeSymbol> _types;

    public Implementations(Compilation compilation) => _compilation = compilation;

    /// <summary>Whether calls to the method dispatch to code of this compilation: a source interface, abstract or virtual method.</summary>
    public static bool Dispatches(IMethodSymbol method) =>
        !method.IsStatic
        && method.Locations.Any(l => l.IsInSource)
        && (method.ContainingType.TypeKind == TypeKind.Interface || method.IsAbstract || method.IsVirtual || method.IsOverride)
        && method.ContainingType.TypeKind != TypeKind.Struct;

    /// <summary>The bodies a call to the method may run: empty if the method does not dispatch or none is visible.</summary>
    public ImmutableArray<IMethodSymbol> Of(IMethodSymbol method, CancellationToken cancellationToken) =>
        _found.GetOrAdd(method, m => Find(m, cancellationToken));

    private ImmutableArray<IMethodSymbol> Find(IMethodSymbol method, CancellationToken cancellationToken)
    {
        var found = new List<IMethodSymbol>();
        var definition = method.OriginalDefinition;
        if (method.ContainingType.TypeKind == TypeKind.Interface)
        {
            foreach (var type in SourceTypes(cancellationToken))
            {
                if (!type.IsAbstract && type.TypeKind is TypeKind.Class or TypeKind.Struct
                    && type.AllInterfaces.Any(i => SymbolEqualityComparer.Default.Equals(i.OriginalDefinition, definition.ContainingType))
                    && type.FindImplementationForInterfaceMember(ConstructedIn(type, definition) ?? definition) is IMethodSymbol { IsAbstract: false } implementation)
                {
                    found.Add(implementation.OriginalDefinition);
                }
            }
        }
        else
        {
            if (!definition.IsAbstract)
            {
                found.Add(definition);
            }

            foreach (var type in SourceTypes(cancellationToken))
            {
                foreach (var member in type.GetMembers(definition.Name))
                {
                    if (member is IMethodSymbol { IsOverride: true, IsAbstract: false } candidate && Overrides(candidate, definition))
                    {
                        found.Add(candidate.OriginalDefinition);
                    }
                }
            }
        }

        return found.Distinct<IMethodSymbol>(SymbolEqualityComparer.Default).ToImmutableArray();
    }

    /// <summary>The interface member as the type sees it: <c>IRepository&lt;string&gt;.Get</c> for a <c>DiskRepository</c>.</summary>
    private static IMethodSymbol? ConstructedIn(INamedTypeSymbol type, IMethodSymbol definition)
    {
        var constructed = type.AllInterfaces.FirstOrDefault(i => SymbolEqualityComparer.Default.Equals(i.OriginalDefinition, definition.ContainingType));
        return constructed?.GetMembers(definition.Name).OfType<IMethodSymbol>()
            .FirstOrDefault(m => SymbolEqualityComparer.Default.Equals(m.OriginalDefinition, definition));
    }

    private static bool Overrides(IMethodSymbol candidate, IMethodSymbol definition)
    {
        for (var current = candidate.OverriddenMethod; current is not null; current = current.OverriddenMethod)
        {
            if (SymbolEqualityComparer.Default.Equals(current.OriginalDefinition, definition))
            {
                return true;
            }
        }

        return false;
    }

    private ImmutableArray<INamedTypeSymbol> SourceTypes(CancellationToken cancellationToken)
    {
        if (_types.IsDefault)
        {
            var types = ImmutableArray.CreateBuilder<INamedTypeSymbol>();
            var pending = new Stack<INamespaceSymbol>();
            pending.Push(_compilation.Assembly.GlobalNamespace);
            while (pending.Count > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                foreach (var member in pending.Pop().GetMembers())
                {
                    if (member is INamespaceSymbol ns)
                    {
                        pending.Push(ns);
                    }
                    else if (member is INamedTypeSymbol type)
                    {
                        AddWithNested(types, type);
                    }
                }
            }

            ImmutableInterlocked.InterlockedInitialize(ref _types, types.ToImmutable());
        }

        return _types;
    }

    private static void AddWithNested(ImmutableArray<INamedTypeSymbol>.Builder types, INamedTypeSymbol type)
    {
        types.Add(type);
        foreach (var nested in type.GetTypeMembers())
        {
            AddWithNested(types, nested);
        }
    }
}
