using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace Greenlets.Generators;

/// <summary>A source location, kept as plain data so models compare by value.</summary>
internal sealed record LocationInfo(string FilePath, TextSpan Span, LinePositionSpan LineSpan)
{
    /// <summary>In <paramref name="tree"/>, the source file it was taken from, when the compilation still has it; else by path and lines.</summary>
    public Location ToLocation(SyntaxTree? tree) =>
        tree is not null && Span.End <= tree.Length ? Location.Create(tree, Span) : Location.Create(FilePath, Span, LineSpan);

    public static LocationInfo From(Location location)
    {
        var lineSpan = location.GetLineSpan();
        return new LocationInfo(lineSpan.Path ?? "", location.SourceSpan, lineSpan.Span);
    }

    public static LocationInfo From(SyntaxNode node) => From(node.GetLocation());
}

/// <summary>A diagnostic to report, as plain data.</summary>
internal sealed record DiagnosticInfo(string Id, LocationInfo Location, EquatableArray<string> Arguments)
{
    public Diagnostic ToDiagnostic(SyntaxTree? tree) =>
        Diagnostic.Create(DiagnosticDescriptors.ById(Id), Location.ToLocation(tree), System.Linq.Enumerable.ToArray(System.Linq.Enumerable.Select(Arguments, a => (object?)a)));
}

/// <summary>
/// One declaration in the chain of types that contain a twin: <c>partial class Outer&lt;T&gt;</c>. <paramref name="IsModuleVisible"/>:
/// code anywhere in the assembly can name it (public or internal, not file-local), as a module initializer's type must be.
/// </summary>
internal sealed record TypeDeclarationInfo(string Keyword, string Name, string TypeParameters, bool IsStatic, bool IsModuleVisible = true);

/// <summary>
/// Where a twin goes and what it needs around it: the namespace, the containing types from outermost in,
/// and the using directives of the user's file (the twin's body is the user's text and needs them).
/// </summary>
internal sealed record TwinContainer(
    string Namespace,
    EquatableArray<TypeDeclarationInfo> Types,
    EquatableArray<string> FileUsings,
    EquatableArray<string> NamespaceUsings)
{
    public string FullTypeName =>
        (Namespace.Length > 0 ? Namespace + "." : "") + string.Join(".", System.Linq.Enumerable.Select(Types, t => t.Name));
}

/// <summary>
/// The rewritten form of one [Greenlet] method, ready to write out. <paramref name="UnreadParameters"/> are the
/// parameters its body never reads: the twin reads them, so that its state machine keeps every argument for the
/// greenlet's description (<c>Jobs.Work("steve", 3)</c>); the compiler leaves out of it the parameters nothing reads.
/// </summary>
internal sealed record TwinModel(
    TwinContainer Container,
    string Signature,
    string Body,
    int BodyLine,
    string FilePath,
    bool NullableEnabled,
    EquatableArray<string> SuspensionPoints,
    EquatableArray<string> UnreadParameters,
    EquatableArray<CooperativeForm> CooperativeForms,
    TwinRegistration? Registration = null);

/// <summary>
/// How the type's module initializer registers a twin with the runtime, for spawns given a delegate: the method's name
/// and parameter types (for <c>typeof</c>), and the twin's delegate type. Null for a twin it cannot name that way (a
/// generic method).
/// </summary>
internal sealed record TwinRegistration(string Name, bool IsStatic, EquatableArray<string> ParameterTypes, string DelegateType);

/// <summary>
/// What the parser made of one [Greenlet] method: a twin, or the errors that prevent one; and, when the monkey
/// patch would change the twin, what it makes of the method with the patch on.
/// </summary>
internal sealed record TwinResult(TwinModel? Twin, EquatableArray<DiagnosticInfo> Diagnostics)
{
    public TwinResult? Patched { get; init; }
}

/// <summary>
/// A call site redirected at compile time to the overload that takes rewritten delegates, with the spawnable forms of
/// the cooperative operations it passes.
/// </summary>
internal sealed record InterceptorModel(string Location, string ReturnType, string Parameters, string Body, string SortKey, EquatableArray<CooperativeForm> Forms);

/// <summary>What the parser made of a call site: an interceptor, or the errors that prevent the call from working.</summary>
internal sealed record InterceptorResult(InterceptorModel? Site, EquatableArray<DiagnosticInfo> Diagnostics);

/// <summary>One generated file of twins: those of one containing type, under a hint name stable across runs.</summary>
internal sealed record TwinFile(string HintName, TwinContainer Container, EquatableArray<TwinModel> Twins, int Part);

/// <summary>What the one syntax step made of a node: a call site (an interceptor or its errors) or an override's twin.</summary>
internal sealed record SyntaxCandidate(InterceptorResult? CallSite, TwinResult? Override);
