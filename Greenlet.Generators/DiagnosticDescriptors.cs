using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace Greenlets.Generators;

/// <summary>
/// Every diagnostic the generator reports. These are errors only: each marks something the generator
/// cannot rewrite, at the user's line, so no compiler error ever points into generated code.
/// Each ID has a page in docs/diagnostics, and its help link points there (<see cref="DiagnosticHelpLinks"/>).
/// </summary>
internal static class DiagnosticDescriptors
{
    private const string Category = "Greenlet.Rewrite";

    public static readonly DiagnosticDescriptor NonPartialType = Error(
        "GRN0001",
        "The type containing a [Greenlet] method must be partial",
        "'{0}' must be partial: its [Greenlet] method '{1}' gets a rewritten twin in another part of the type");

    public static readonly DiagnosticDescriptor SuspensionInLambda = Error(
        "GRN0002",
        "A suspension point inside a lambda cannot be rewritten",
        "'{0}' suspends the greenlet, but it is inside a lambda, anonymous method or query expression, which is not rewritten; move the code into a [Greenlet] method or a local function and call that instead");

    public static readonly DiagnosticDescriptor SuspensionInLock = Error(
        "GRN0003",
        "A suspension point inside a lock statement",
        "'{0}' suspends the greenlet inside 'lock ({1})': its Monitor would be held by a suspended greenlet and released on the wrong turn. Lock a GreenLock instead, with 'using (gate.Lock())', or move the call out of the lock statement.");

    public static readonly DiagnosticDescriptor ByRefParameter = Error(
        "GRN0004",
        "A [Greenlet] method cannot have ref, out or in parameters",
        "'{0}' cannot be rewritten because parameter '{1}' is passed by reference; return the value (or a tuple) instead");

    public static readonly DiagnosticDescriptor Iterator = Error(
        "GRN0005",
        "A [Greenlet] method cannot be an iterator",
        "'{0}' cannot be rewritten because it is an iterator (it uses yield); return a list, or hand items over through a queue");

    public static readonly DiagnosticDescriptor MutableStructInstanceMethod = Error(
        "GRN0006",
        "A [Greenlet] instance method of a mutable struct",
        "'{0}' cannot be rewritten because it is an instance method of the mutable struct '{1}', and the rewritten form would change a copy; make the struct readonly, make the method static, or use a class");

    public static readonly DiagnosticDescriptor RefLocalAcrossSuspension = Error(
        "GRN0007",
        "A ref local or ref struct is alive across a suspension point",
        "'{0}' ({1}) is still in scope at the suspension point '{2}'; a Span, ref struct or ref local cannot survive a suspension. End its scope before the call, for example by moving its use into a plain helper method.");

    public static readonly DiagnosticDescriptor FileLocalType = Error(
        "GRN0008",
        "A [Greenlet] method in a file-local type",
        "'{0}' cannot be rewritten because its type '{1}' is file-local and the twin must live in another file; make the type internal");

    public static readonly DiagnosticDescriptor UnsafeCode = Error(
        "GRN0009",
        "A [Greenlet] method with unsafe code",
        "'{0}' cannot be rewritten because it contains unsafe code; move the unsafe part into a plain helper method");

    public static readonly DiagnosticDescriptor UnsupportedMethod = Error(
        "GRN0010",
        "[Greenlet] is not supported on this method",
        "'{0}' cannot be rewritten: {1}");

    public static readonly DiagnosticDescriptor UnsupportedCall = Error(
        "GRN0011",
        "A suspension point that cannot be rewritten in place",
        "'{0}' suspends the greenlet but is called {1}, which cannot be rewritten; call it directly, for example after an explicit null check");

    public static readonly DiagnosticDescriptor SuspendingLocalFunction = Error(
        "GRN0012",
        "A local function that suspends cannot be used this way",
        "Local function '{0}' suspends the greenlet, so {1}");

    public static readonly DiagnosticDescriptor MissingAwaitableForm = Error(
        "GRN0013",
        "A cooperative operation without its awaitable form",
        "'{0}' is marked [Cooperative(\"{1}\")], but its type has no method '{1}'; add it, with the same parameters, returning a Greenlet awaitable");

    public static readonly DiagnosticDescriptor UnspawnableCooperativeMethod = Error(
        "GRN0014",
        "A cooperative operation that cannot be spawned from its method group",
        "'{0}' cannot be spawned from its method group: {1}; spawn a [Greenlet] method that calls it instead");

    private static readonly Dictionary<string, DiagnosticDescriptor> s_byId = new[]
    {
        NonPartialType, SuspensionInLambda, SuspensionInLock, ByRefParameter, Iterator, MutableStructInstanceMethod,
        RefLocalAcrossSuspension, FileLocalType, UnsafeCode, UnsupportedMethod, UnsupportedCall,
        SuspendingLocalFunction, MissingAwaitableForm, UnspawnableCooperativeMethod,
    }.ToDictionary(d => d.Id);

    public static IEnumerable<DiagnosticDescriptor> All => s_byId.Values;

    public static DiagnosticDescriptor ById(string id) => s_byId[id];

    private static DiagnosticDescriptor Error(string id, string title, string message) => new(
        id,
        title,
        message,
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: DiagnosticHelpLinks.For(id));
}
