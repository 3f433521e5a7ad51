using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace Greenlets.Analyzers;

/// <summary>
/// Fixes a blocking call on a TCP <c>Socket</c> (GRN0100) by making the socket green: a field or local of this document
/// made with <c>new Socket(family, SocketType.Stream, ProtocolType.Tcp)</c> becomes a <c>GreenSocket</c>, and so do
/// the locals it accepts into. Offered only when every use of every one of them maps onto a GreenSocket member with
/// the same meaning, and is in a [Greenlet] method:
/// <c>Connect(ipEndPoint)</c> and <c>Connect(address, port)</c>, <c>Bind(ipEndPoint)</c>, <c>Listen()</c>,
/// <c>Accept()</c> (into a local: <c>Accept().Socket</c>), <c>Send(buffer)</c> and <c>Send(buffer, offset, size, None)</c>
/// whose count is not read (a blocking Socket sends it all: <c>SendAll</c>), <c>Receive(buffer)</c> and
/// <c>Receive(buffer, offset, size, None)</c> (<c>RecvInto</c>: 0 at end of stream, as Receive), <c>Shutdown</c>,
/// <c>Close</c>, <c>Dispose</c>, <c>using</c>, <c>NoDelay</c>, <c>AddressFamily</c>, <c>SocketType</c>,
/// <c>LocalEndPoint</c> and <c>RemoteEndPoint</c>. Both throw <c>SocketException</c> with the same error codes.
/// Anything else (timeouts in milliseconds, Poll, Available, a socket passed on, UDP, a host name) has no 1:1
/// counterpart, and then nothing changes.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(GreenSocketCodeFixProvider)), Shared]
public sealed class GreenSocketCodeFixProvider : CodeFixProvider
{
    /// <summary>The equivalence key of the fix; fix-all applies it to every such socket.</summary>
    public const string Key = "Greenlet.UseGreenSocket";

    private const string SocketTypeName = "System.Net.Sockets.Socket";
    private const string GreenSocketType = "Greenlets.GreenSocket";
    private const string IPEndPointType = "System.Net.IPEndPoint";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticDescriptors.BlockingCall.Id);

    private static readonly VariableFix<SocketPlan> s_fix = new(Key, Plan, plan => plan.Root, plan => $"Make '{plan.Root.Name}' a GreenSocket", Rewrite);

    /// <summary>This fix, for the blocking-call fix-all that lets it go first.</summary>
    internal static IVariableFix Fix => s_fix;

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => s_fix.FixAll;

    /// <inheritdoc/>
    public override Task RegisterCodeFixesAsync(CodeFixContext context) => s_fix.RegisterAsync(context);

    /// <summary>What to change for one socket and those it accepts: each declaration and each use that differs.</summary>
    private sealed class SocketPlan
    {
        public SocketPlan(ISymbol root, IReadOnlyDictionary<SyntaxNode, SyntaxNode> replacements)
        {
            Root = root;
            Replacements = replacements;
        }

        /// <summary>The socket made with <c>new Socket</c>.</summary>
        public ISymbol Root { get; }

        public IReadOnlyDictionary<SyntaxNode, SyntaxNode> Replacements { get; }
    }

    private static SocketPlan? Plan(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        if (root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not InvocationExpressionSyntax
            {
                Expression: MemberAccessExpressionSyntax { Expression: var receiver },
            } call
            || !IsSocketMember(model.GetSymbolInfo(call, cancellationToken).Symbol)
            || model.Compilation.GetTypeByMetadataName(GreenSocketType) is null
            || RetypedVariable.Find(receiver, model, cancellationToken) is not { } reported
            || Creator(reported, model, cancellationToken) is not { } creator
            || GreenCreation(creator, model, cancellationToken) is not { } creation)
        {
            return null;
        }

        var replacements = new Dictionary<SyntaxNode, SyntaxNode> { [creator.Declaration] = creator.Retype(GreenSocketType, creation) };
        var sockets = new Queue<RetypedVariable>();
        sockets.Enqueue(creator);
        var seen = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        while (sockets.Count > 0)
        {
            var socket = sockets.Dequeue();
            if (!seen.Add(socket.Symbol))
            {
                continue;
            }

            if (socket.Type?.ToDisplayString() != SocketTypeName)
            {
                return null; // declared as a base type or interface: its uses are not the Socket's
            }

            foreach (var use in socket.Uses(root, model, cancellationToken))
            {
                if (!RetypedVariable.IsInGreenletBody(use, model, cancellationToken))
                {
                    return null; // plain code or another thread may use it: a GreenSocket belongs to one hub
                }

                if (AcceptedInto(use, model, cancellationToken) is { } accepted)
                {
                    var acceptCall = (InvocationExpressionSyntax)accepted.Initializer;
                    replacements[accepted.Declaration] = accepted.Retype(
                        GreenSocketType,
                        MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, acceptCall.WithoutTrivia(), IdentifierName("Socket")));
                    sockets.Enqueue(accepted);
                    continue;
                }

                if (!GreenUse(use, model, cancellationToken, out var original, out var green))
                {
                    return null;
                }

                if (green is not null)
                {
                    replacements[original!] = green;
                }
            }
        }

        // Each replacement was made from the original text: none may hold another.
        var nodes = replacements.Keys.ToList();
        return nodes.Any(outer => nodes.Any(inner => inner != outer && outer.Span.Contains(inner.Span)))
            ? null
            : new SocketPlan(creator.Symbol, replacements);
    }

    private static bool IsSocketMember(ISymbol? member) => member?.ContainingType?.ToDisplayString() == SocketTypeName;

    /// <summary>The socket made with <c>new Socket</c> that <paramref name="socket"/> is, or was accepted from.</summary>
    private static RetypedVariable? Creator(RetypedVariable socket, SemanticModel model, CancellationToken cancellationToken)
    {
        for (var depth = 0; depth < 8; depth++)
        {
            if (socket.Creation is not null)
            {
                return socket;
            }

            if (socket.Initializer is not InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Accept" } accept }
                || RetypedVariable.Find(accept.Expression, model, cancellationToken) is not { } listener)
            {
                return null;
            }

            socket = listener;
        }

        return null;
    }

    /// <summary><c>new GreenSocket(family, SocketType.Stream)</c> for <c>new Socket(family, SocketType.Stream, ProtocolType.Tcp)</c>.</summary>
    private static ExpressionSyntax? GreenCreation(RetypedVariable socket, SemanticModel model, CancellationToken cancellationToken)
    {
        if (socket.Creation is not { ArgumentList.Arguments: { Count: 3 } arguments } creation
            || model.GetTypeInfo(creation, cancellationToken).Type?.ToDisplayString() != SocketTypeName
            || arguments.Any(a => a.NameColon is not null)
            || model.GetConstantValue(arguments[1].Expression, cancellationToken) is not { HasValue: true, Value: (int)System.Net.Sockets.SocketType.Stream }
            || model.GetConstantValue(arguments[2].Expression, cancellationToken) is not { HasValue: true, Value: (int)ProtocolType.Tcp or (int)ProtocolType.IP })
        {
            return null; // UDP, raw sockets and the dual-mode constructor have no green twin with the same meaning
        }

        return socket.NewCreation(GreenSocketType, ArgumentList(SeparatedList(new[] { arguments[0].WithoutTrivia(), arguments[1].WithoutTrivia() })));
    }

    /// <summary>The local that <c>var client = socket.Accept();</c> declares, when <paramref name="use"/> is that socket.</summary>
    private static RetypedVariable? AcceptedInto(ExpressionSyntax use, SemanticModel model, CancellationToken cancellationToken) =>
        use.Parent is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Accept" } access
        && access.Expression == use
        && access.Parent is InvocationExpressionSyntax { ArgumentList.Arguments.Count: 0, Parent: EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax declarator } }
        && IsSocketMember(model.GetSymbolInfo(access, cancellationToken).Symbol)
        && RetypedVariable.Declared(declarator, model, cancellationToken) is { Symbol: ILocalSymbol } accepted
            ? accepted
            : null;

    /// <summary>
    /// Whether a use of a socket has a GreenSocket form with the same meaning; <paramref name="green"/> is its new text
    /// (null when the text stays) in place of <paramref name="original"/>.
    /// </summary>
    private static bool GreenUse(ExpressionSyntax use, SemanticModel model, CancellationToken cancellationToken, out SyntaxNode? original, out SyntaxNode? green)
    {
        original = null;
        green = null;
        if (use.Parent is UsingStatementSyntax { Expression: var disposed } && disposed == use)
        {
            return true;
        }

        if (use.Parent is not MemberAccessExpressionSyntax access || access.Expression != use || !IsSocketMember(model.GetSymbolInfo(access, cancellationToken).Symbol))
        {
            return false;
        }

        if (access.Parent is not InvocationExpressionSyntax call || call.Expression != access)
        {
            // A property: the same name and type, or (the endpoints) a type derived from it.
            return access.Name.Identifier.ValueText switch
            {
                "NoDelay" or "AddressFamily" or "SocketType" => true,
                "LocalEndPoint" or "RemoteEndPoint" => access.Parent is not EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax { Type.IsVar: true } } },
                _ => false,
            };
        }

        var method = (IMethodSymbol)model.GetSymbolInfo(call, cancellationToken).Symbol!;
        var arguments = call.ArgumentList.Arguments;
        if (arguments.Any(a => a.NameColon is not null || !a.RefKindKeyword.IsKind(SyntaxKind.None)))
        {
            return false;
        }

        var isStatement = call.Parent is ExpressionStatementSyntax;
        original = call;
        switch (method.Name, Shape(method))
        {
            case ("Connect" or "Bind", "EndPoint") when model.GetTypeInfo(arguments[0].Expression, cancellationToken).Type?.ToDisplayString() == IPEndPointType:
            case ("Listen", "" or "Int32"):
            case ("Shutdown", "SocketShutdown"):
            case ("Close" or "Dispose", ""):
                return true;
            case ("Connect", "IPAddress,Int32"):
                green = call.WithArgumentList(ArgumentList(SingletonSeparatedList(Argument(
                    ObjectCreationExpression(RetypedVariable.TypeName(IPEndPointType), ArgumentList(SeparatedList(arguments.Select(a => a.WithoutTrivia()))), null)))));
                return true;
            case ("Send", "Byte[]") when isStatement:
                green = Renamed(call, "SendAll");
                return true;
            case ("Send", "Byte[],Int32,Int32,SocketFlags") when isStatement && IsNoFlags(arguments[3], model, cancellationToken):
                green = Renamed(call, "SendAll").WithArgumentList(Slice("System.ReadOnlyMemory<byte>", arguments));
                return true;
            case ("Receive", "Byte[]"):
                green = Renamed(call, "RecvInto");
                return true;
            case ("Receive", "Byte[],Int32,Int32,SocketFlags") when IsNoFlags(arguments[3], model, cancellationToken):
                green = Renamed(call, "RecvInto").WithArgumentList(Slice("System.Memory<byte>", arguments));
                return true;
            default:
                return false;
        }
    }

    /// <summary>The parameter types of a method, by name: <c>Byte[],Int32</c>.</summary>
    private static string Shape(IMethodSymbol method) => string.Join(",", method.Parameters.Select(p => p.Type is IArrayTypeSymbol array ? array.ElementType.Name + "[]" : p.Type.Name));

    private static bool IsNoFlags(ArgumentSyntax flags, SemanticModel model, CancellationToken cancellationToken) =>
        model.GetConstantValue(flags.Expression, cancellationToken) is { HasValue: true, Value: (int)SocketFlags.None };

    private static InvocationExpressionSyntax Renamed(InvocationExpressionSyntax call, string name)
    {
        var access = (MemberAccessExpressionSyntax)call.Expression;
        return call.WithExpression(access.WithName(IdentifierName(name).WithTriviaFrom(access.Name)));
    }

    /// <summary><c>(new Memory&lt;byte&gt;(buffer, offset, size))</c> from <c>(buffer, offset, size, flags)</c>.</summary>
    private static ArgumentListSyntax Slice(string memoryType, SeparatedSyntaxList<ArgumentSyntax> arguments) =>
        ArgumentList(SingletonSeparatedList(Argument(ObjectCreationExpression(
            RetypedVariable.TypeName(memoryType), ArgumentList(SeparatedList(arguments.Take(3).Select(a => a.WithoutTrivia()))), null))));

    private static SyntaxNode Rewrite(SyntaxNode root, IEnumerable<SocketPlan> plans)
    {
        var replacements = plans.SelectMany(p => p.Replacements).GroupBy(r => r.Key).ToDictionary(g => g.Key, g => g.First().Value);
        return root.ReplaceNodes(replacements.Keys, (original, _) => replacements[original]);
    }
}
