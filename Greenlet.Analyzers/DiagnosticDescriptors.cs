using Greenlets.Generators;
using Microsoft.CodeAnalysis;

namespace Greenlets.Analyzers;

/// <summary>
/// Every diagnostic the analyzers report. The generator reports only the errors of what it cannot rewrite
/// (GRN0001-GRN0099); everything that is advice lives here, where <c>#pragma</c> and <c>.editorconfig</c> apply.
/// Each ID has a page in docs/diagnostics, and its help link points there (<see cref="DiagnosticHelpLinks"/>).
/// </summary>
internal static class DiagnosticDescriptors
{
    public const string BlockingCategory = "Greenlet.Blocking";
    public const string ContextCategory = "Greenlet.Context";

    /// <summary>The property naming the catalog's green form of a reported call, for the code fixes.</summary>
    public const string GreenFormProperty = "GreenForm";

    /// <summary>Set when running the reported code on GreenThreadPool would be wrong: a wait tied to its thread, a lazy sequence, an implicit call.</summary>
    public const string NoThreadPoolProperty = "NoThreadPool";

    public static readonly DiagnosticDescriptor BlockingCall = Create(
        "GRN0100",
        BlockingCategory,
        DiagnosticSeverity.Warning,
        "A blocking call inside a [Greenlet] method",
        "'{0}' blocks the hub: while it runs in '{1}', no other greenlet runs; {2}");

    public static readonly DiagnosticDescriptor BlockingHelper = Create(
        "GRN0101",
        BlockingCategory,
        DiagnosticSeverity.Warning,
        "A helper method that blocks, called inside a [Greenlet] method",
        "'{0}' blocks the hub through {1}: while it runs in '{2}', no other greenlet runs; {3}, or run '{0}' on GreenThreadPool");

    public static readonly DiagnosticDescriptor PatchedBlockingCall = Create(
        "GRN0102",
        BlockingCategory,
        DiagnosticSeverity.Info,
        "A blocking call patched to its green form",
        "'{0}' is rewritten to '{1}' in the greenlet form of '{2}' (GreenletMonkeyPatch is on), so it suspends only this greenlet");

    public static readonly DiagnosticDescriptor UnreadableCatalogLine = Create(
        "GRN0103",
        BlockingCategory,
        DiagnosticSeverity.Warning,
        "A line of GreenletBlockingApis.txt cannot be read",
        "Line {0} of GreenletBlockingApis.txt is ignored: {1}");

    public static readonly DiagnosticDescriptor LockAroundBlocking = Create(
        "GRN0104",
        BlockingCategory,
        DiagnosticSeverity.Warning,
        "A lock statement around code that blocks, inside a [Greenlet] method",
        "'lock ({0})' in '{1}' is held around {2}; made green, that code suspends, and a greenlet must not suspend while it holds a Monitor: lock a GreenLock instead, with 'using (gate.Lock())'");

    public static readonly DiagnosticDescriptor PlainHelperSuspends = Create(
        "GRN0200",
        ContextCategory,
        DiagnosticSeverity.Warning,
        "A plain helper method that suspends, called inside a [Greenlet] method",
        "'{0}' is not a [Greenlet] method but suspends through {1}; called from the greenlet '{2}' it runs as plain code and throws GreenletContextException. Mark '{0}' [Greenlet].");

    public static readonly DiagnosticDescriptor GreenletMethodAsDelegate = Create(
        "GRN0201",
        ContextCategory,
        DiagnosticSeverity.Warning,
        "A [Greenlet] method turned into a delegate inside a [Greenlet] method",
        "'{0}' becomes a plain delegate here: calling it runs the plain form of '{0}', which cannot suspend inside the greenlet '{1}'; call '{0}' directly, or pass it to Greenlet.Spawn");

    public static readonly DiagnosticDescriptor SuspendingLambdaSpawned = Create(
        "GRN0202",
        ContextCategory,
        DiagnosticSeverity.Warning,
        "A lambda that suspends, passed to a greenlet",
        "The lambda passed to '{0}' calls '{1}', which suspends, but a lambda is not rewritten: it would throw GreenletContextException when the greenlet runs. Move its body into a [Greenlet] method and pass that method.");

    public static readonly DiagnosticDescriptor AsyncInsideGreenlet = Create(
        "GRN0203",
        ContextCategory,
        DiagnosticSeverity.Warning,
        "async code inside a [Greenlet] method",
        "The async {0} in '{1}' runs its continuations outside the hub, on the thread pool; call the cooperative operations directly in a [Greenlet] method, and wait for a Task with Greenlet.WaitTask");

    public static readonly DiagnosticDescriptor SuspendingDelegateInvoked = Create(
        "GRN0204",
        ContextCategory,
        DiagnosticSeverity.Warning,
        "A delegate that suspends, called by the method it is passed to inside a [Greenlet] method",
        "'{0}' calls the {1} passed to it here, which suspends through {2}; a delegate runs as plain code, so inside the greenlet '{3}' it throws GreenletContextException. Make that code a [Greenlet] method and call it from '{3}' directly, or spawn it.");

    public static readonly DiagnosticDescriptor SwallowedKill = Create(
        "GRN0205",
        ContextCategory,
        DiagnosticSeverity.Warning,
        "A catch clause around a suspension point that swallows kills and timeouts",
        "'{0}' in '{1}' catches {2}, which a kill or a timeout raises at '{3}', so the greenlet would carry on instead of ending (gevent's 'except Exception' lets GreenletExit and Timeout through); add the filter 'when ({4})', or rethrow them in a clause before this one");

    public static readonly DiagnosticDescriptor SpawnArgumentsMismatch = Create(
        "GRN0206",
        ContextCategory,
        DiagnosticSeverity.Error,
        "A cooperative operation spawned with arguments its delegate cannot take",
        "'{0}' is spawned with arguments its delegate cannot take: a delegate made from a method fills no optional parameter and converts no argument, so pass one argument of each parameter's type: '{1}'");

    private static DiagnosticDescriptor Create(string id, string category, DiagnosticSeverity severity, string title, string message) => new(
        id,
        title,
        message,
        category,
        severity,
        isEnabledByDefault: true,
        helpLinkUri: DiagnosticHelpLinks.For(id));
}
