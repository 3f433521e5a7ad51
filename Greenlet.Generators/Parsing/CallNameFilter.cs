using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection.Metadata;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Greenlets.Generators;

/// <summary>
/// The simple names a call can have when the rewrite needs to know what it calls: [Greenlet], [Cooperative] and
/// [TwinOverload] methods, and methods with a [CallerMemberName] or [CallerArgumentExpression] parameter, declared
/// in the compilation's source or in a referenced assembly. Any other call is left as written, so the generator does
/// not bind it: binding each call was half the generator's cost, and most calls in a body are none of these.
/// </summary>
/// <remarks>
/// The names come from syntax and from the references' metadata tables, not from symbols, so collecting them binds
/// nothing. A tree's names and a reference's names are kept for as long as the tree or reference lives: in the IDE a
/// keystroke makes a new compilation but keeps the other trees and every reference. Where a name cannot say (a
/// delegate type with a caller-info parameter, whose calls are made through variables; an attribute given another
/// name by a using alias), the filter lets every call through.
/// </remarks>
internal sealed class CallNameFilter
{
    private static readonly ConditionalWeakTable<Compilation, CallNameFilter> s_byCompilation = new();
    private static readonly ConditionalWeakTable<SyntaxTree, Names> s_byTree = new();
    private static readonly ConditionalWeakTable<MetadataReference, Names> s_byReference = new();

    private static readonly string[] s_methodAttributes = ["Greenlet", "Cooperative", "TwinOverload"];
    private static readonly string[] s_parameterAttributes = ["CallerMemberName", "CallerArgumentExpression"];

    private readonly HashSet<string> _names;
    private readonly bool _everyName;

    private CallNameFilter(HashSet<string> names, bool everyName)
    {
        _names = names;
        _everyName = everyName;
    }

    public static CallNameFilter For(Compilation compilation) => s_byCompilation.GetValue(compilation, Collect);

    /// <summary>Whether a call by its name may need its symbol (the local functions named may suspend); a call the syntax does not name always may.</summary>
    public bool MayMatter(InvocationExpressionSyntax call, ICollection<string> localFunctions) =>
        _everyName || InvokedName(call.Expression) is not { } name || _names.Contains(name) || localFunctions.Contains(name);

    /// <summary>The simple name a call is made by: <c>Spawn</c> in <c>Greenlet.Spawn&lt;int&gt;(...)</c>, <c>pool?.Spawn(...)</c> or <c>Spawn(...)</c>; null for a call through any other expression.</summary>
    public static string? InvokedName(ExpressionSyntax expression) => expression switch
    {
        SimpleNameSyntax name => name.Identifier.ValueText,
        MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
        MemberBindingExpressionSyntax binding => binding.Name.Identifier.ValueText,
        _ => null,
    };

    private static CallNameFilter Collect(Compilation compilation)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        var everyName = false;
        foreach (var found in compilation.SyntaxTrees.Select(t => s_byTree.GetValue(t, FromSource))
                     .Concat(compilation.References.Select(r => s_byReference.GetValue(r, FromMetadata))))
        {
            names.UnionWith(found.Methods);
            everyName |= found.EveryName;
        }

        return new CallNameFilter(names, everyName);
    }

    private static Names FromSource(SyntaxTree tree)
    {
        var found = new Names();
        foreach (var node in tree.GetRoot().DescendantNodes())
        {
            switch (node)
            {
                case MethodDeclarationSyntax method when HasAttribute(method.AttributeLists, s_methodAttributes) || HasCallerInfo(method.ParameterList):
                    found.Methods.Add(method.Identifier.ValueText);
                    break;
                case LocalFunctionStatementSyntax local when HasCallerInfo(local.ParameterList):
                    found.Methods.Add(local.Identifier.ValueText);
                    break;
                case DelegateDeclarationSyntax type when HasCallerInfo(type.ParameterList):
                    found.EveryName = true;
                    break;
                case UsingDirectiveSyntax { Alias: not null } alias when Named(alias.NamespaceOrType?.ToString() ?? "", s_methodAttributes.Concat(s_parameterAttributes)):
                    found.EveryName = true;
                    break;
            }
        }

        return found;
    }

    private static bool HasCallerInfo(ParameterListSyntax parameters) =>
        parameters.Parameters.Any(p => HasAttribute(p.AttributeLists, s_parameterAttributes));

    private static bool HasAttribute(SyntaxList<AttributeListSyntax> lists, IEnumerable<string> names) =>
        lists.Any(list => list.Attributes.Any(a => Named(a.Name.ToString(), names)));

    /// <summary>Whether a written name (<c>Greenlet</c>, <c>Greenlets.GreenletAttribute</c>) ends in one of the attribute names.</summary>
    private static bool Named(string written, IEnumerable<string> names)
    {
        var simple = written.Substring(written.LastIndexOfAny(['.', ':']) + 1);
        return names.Any(n => simple == n || simple == n + "Attribute");
    }

    private static Names FromMetadata(MetadataReference reference)
    {
        var found = new Names();
        if (reference is not PortableExecutableReference file)
        {
            return found; // a compilation reference: its source is scanned when it is compiled, not here
        }

        try
        {
            var modules = file.GetMetadata() switch
            {
                AssemblyMetadata assembly => assembly.GetModules().AsEnumerable(),
                ModuleMetadata module => [module],
                _ => [],
            };
            foreach (var module in modules)
            {
                Scan(module.GetMetadataReader(), found);
            }
        }
        catch (Exception e) when (e is BadImageFormatException or System.IO.IOException)
        {
            found.EveryName = true; // unreadable here, so nothing can be ruled out
        }

        return found;
    }

    /// <summary>One pass over the custom attribute table, comparing names in place: no symbol is made.</summary>
    private static void Scan(MetadataReader reader, Names found)
    {
        Dictionary<ParameterHandle, MethodDefinitionHandle>? owners = null;
        foreach (var handle in reader.CustomAttributes)
        {
            var attribute = reader.GetCustomAttribute(handle);
            if (attribute.Parent.Kind == HandleKind.MethodDefinition && IsNamed(reader, attribute.Constructor, s_methodAttributes))
            {
                found.Methods.Add(reader.GetString(reader.GetMethodDefinition((MethodDefinitionHandle)attribute.Parent).Name));
            }
            else if (attribute.Parent.Kind == HandleKind.Parameter && IsNamed(reader, attribute.Constructor, s_parameterAttributes))
            {
                owners ??= ParameterOwners(reader);
                if (owners.TryGetValue((ParameterHandle)attribute.Parent, out var owner))
                {
                    var name = reader.GetString(reader.GetMethodDefinition(owner).Name);
                    found.Methods.Add(name);
                    found.EveryName |= name == "Invoke"; // a delegate type's: its calls go through variables
                }
            }
        }
    }

    private static bool IsNamed(MetadataReader reader, EntityHandle constructor, string[] names)
    {
        StringHandle typeName;
        switch (constructor.Kind)
        {
            case HandleKind.MemberReference when reader.GetMemberReference((MemberReferenceHandle)constructor).Parent is { Kind: HandleKind.TypeReference } parent:
                typeName = reader.GetTypeReference((TypeReferenceHandle)parent).Name;
                break;
            case HandleKind.MethodDefinition:
                typeName = reader.GetTypeDefinition(reader.GetMethodDefinition((MethodDefinitionHandle)constructor).GetDeclaringType()).Name;
                break;
            default:
                return false;
        }

        foreach (var name in names)
        {
            if (reader.StringComparer.Equals(typeName, name + "Attribute"))
            {
                return true;
            }
        }

        return false;
    }

    private static Dictionary<ParameterHandle, MethodDefinitionHandle> ParameterOwners(MetadataReader reader)
    {
        var owners = new Dictionary<ParameterHandle, MethodDefinitionHandle>();
        foreach (var method in reader.MethodDefinitions)
        {
            foreach (var parameter in reader.GetMethodDefinition(method).GetParameters())
            {
                owners[parameter] = method;
            }
        }

        return owners;
    }

    private sealed class Names
    {
        public HashSet<string> Methods { get; } = new(StringComparer.Ordinal);

        public bool EveryName { get; set; }
    }
}
