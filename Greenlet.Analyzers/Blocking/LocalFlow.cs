using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Greenlets.Analyzers;

/// <summary>
/// The data flow of one method body that the blocking analysis trusts: a local written exactly once, by its
/// declaration, holds that value wherever it is read. Built once per body, on first use.
/// </summary>
internal sealed class LocalFlow
{
    private readonly ImmutableArray<IOperation> _blocks;
    private Dictionary<ILocalSymbol, IOperation?>? _values;

    public LocalFlow(ImmutableArray<IOperation> blocks) => _blocks = blocks;

    /// <summary>What an expression evaluates to, seen through conversions, parentheses and locals assigned once.</summary>
    public IOperation Trace(IOperation value)
    {
        for (var depth = 0; depth < 8; depth++)
        {
            switch (value)
            {
                case IConversionOperation conversion:
                    value = conversion.Operand;
                    continue;
                case IParenthesizedOperation parenthesized:
                    value = parenthesized.Operand;
                    continue;
                case ILocalReferenceOperation local when ValueOf(local.Local) is { } assigned:
                    value = assigned;
                    continue;
            }

            break;
        }

        return value;
    }

    /// <summary>The concrete type an expression certainly has: the type created, else the static type.</summary>
    public ITypeSymbol? ConcreteType(IOperation value) => Trace(value) switch
    {
        IObjectCreationOperation creation => creation.Type,
        var traced => traced.Type,
    };

    private IOperation? ValueOf(ILocalSymbol local)
    {
        if (_values is null)
        {
            Interlocked.CompareExchange(ref _values, Build(), null);
        }

        return _values!.TryGetValue(local, out var value) ? value : null;
    }

    private Dictionary<ILocalSymbol, IOperation?> Build()
    {
        var values = new Dictionary<ILocalSymbol, IOperation?>(SymbolEqualityComparer.Default);
        foreach (var block in _blocks)
        {
            foreach (var operation in HelperWalker.Descendants(block, intoLambdas: true))
            {
                switch (operation)
                {
                    case IVariableDeclaratorOperation { Initializer: { } initializer } declarator:
                        Write(values, declarator.Symbol, initializer.Value);
                        break;
                    case IVariableDeclaratorOperation declarator:
                        Write(values, declarator.Symbol, null); // declared now, assigned later
                        break;
                    case ISimpleAssignmentOperation { Target: ILocalReferenceOperation target }:
                        Write(values, target.Local, null);
                        break;
                    case ICompoundAssignmentOperation { Target: ILocalReferenceOperation target }:
                        Write(values, target.Local, null);
                        break;
                    case IIncrementOrDecrementOperation { Target: ILocalReferenceOperation target }:
                        Write(values, target.Local, null);
                        break;
                    case IArgumentOperation { Parameter.RefKind: RefKind.Ref or RefKind.Out, Value: ILocalReferenceOperation target }:
                        Write(values, target.Local, null);
                        break;
                    case ILocalReferenceOperation { IsDeclaration: true } declared:
                        Write(values, declared.Local, null); // out var, deconstruction
                        break;
                }
            }
        }

        return values;
    }

    private static void Write(Dictionary<ILocalSymbol, IOperation?> values, ILocalSymbol local, IOperation? value)
    {
        // A second write, or a write of unknown value, makes the local unknown for good.
        values[local] = values.ContainsKey(local) || local.IsRef ? null : value;
        if (value is null)
        {
            values[local] = null;
        }
    }
}
