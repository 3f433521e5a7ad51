using Greenlets.Tests.Package;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Greenlets.Tests.Architecture;

/// <summary>
/// The runtime's layers (docs/lowlevel.md, "The layer rule"): the protocol folders use the core only through its public
/// surface, the low-level API in <c>Greenlets.LowLevel</c> above all, and never an internal type or member of the core.
/// </summary>
[Category(TestCategories.Generator)]
public sealed class LayerTests
{
    /// <summary>The outer layer: sockets, the stream server, HTTP, WebSockets, ZeroMQ, child processes and files. Every other folder is the core.</summary>
    internal static readonly HashSet<string> OuterFolders = ["Net", "Streams", "Server", "Http", "HttpClient", "WebSockets", "Zmq", "Process", "Files"];

    /// <summary>
    /// What the green socket and the green streams' readiness still take from the core, pinned so that it only shrinks: their allocation-free waits are
    /// frames of the core's awaitable plumbing, and it reads the reactor's per-descriptor edge state
    /// (docs/lowlevel.md, "The layer rule"). Symbols as Roslyn displays them, without type arguments.
    /// </summary>
    private static readonly HashSet<string> s_socketExemptions =
    [
        "Greenlets.CompilerServices.GreenAwaitable.Block(Greenlets.Hub)",
        "Greenlets.CompilerServices.GreenAwaitable.GetResultFor(Greenlets.Greenlet)",
        "Greenlets.CompilerServices.GreenAwaitable.GreenAwaitable(Greenlets.CompilerServices.IWaitSource)",
        "Greenlets.CompilerServices.GreenAwaitable.GreenAwaitable(System.Net.IPAddress[])",
        "Greenlets.CompilerServices.GreenAwaitable.GreenAwaitable(System.Net.IPHostEntry)",
        "Greenlets.CompilerServices.GreenTask.GreenTask(Greenlets.CompilerServices.IFrame)",
        "Greenlets.CompilerServices.IFrame",
        "Greenlets.CompilerServices.IResumable",
        "Greenlets.CompilerServices.IResumable.Resume()",
        "Greenlets.CompilerServices.IWaitSource",
        "Greenlets.CompilerServices.VoidResult",
        "Greenlets.FdWatch",
        "Greenlets.FdWatch.Close()",
        "Greenlets.FdWatch.HangUpSeen",
        "Greenlets.FdWatch.ReadSignalled",
        "Greenlets.FdWatch.ReadSignalled.set",
        "Greenlets.FdWatch.WaitAwaitable(Greenlets.IoEvents, double?)",
        "Greenlets.Greenlet.CancelWait()",
        "Greenlets.Greenlet.Continuation",
        "Greenlets.Greenlet.Continuation.set",
        "Greenlets.Hub.BeginBlockingCall(string)",
        "Greenlets.Hub.Reactor",
        "Greenlets.Hub.Running",
        "Greenlets.Hub.RunningGreenletForRewrittenCode()",
        "Greenlets.Hub.SecondsToTicks(double)",
        "Greenlets.StreamReceiveFrame", // a waiting read's hand-written frame (Async/StreamReceiveFrame.cs)
        "Greenlets.StreamReceiveFrame.TryStart(Greenlets.GreenStream, ref Greenlets.StreamReceiveFrame?, System.Memory, double?, string, out Greenlets.CompilerServices.GreenTask)",
        "Greenlets.Libc",
        "Greenlets.Libc.EINTR",
        "Greenlets.Libc.LastError",
        "Greenlets.Libc.poll(Greenlets.Libc.PollFd*, nuint, int)",
        "Greenlets.Libc.POLLERR",
        "Greenlets.Libc.PollFd",
        "Greenlets.Libc.PollFd.Events",
        "Greenlets.Libc.PollFd.Fd",
        "Greenlets.Libc.PollFd.Revents",
        "Greenlets.Libc.POLLHUP",
        "Greenlets.Libc.POLLIN",
        "Greenlets.Libc.POLLNVAL",
        "Greenlets.Libc.POLLOUT",
        "Greenlets.Reactor.Find(int)",
        "Greenlets.Reactor.Watch(int)",
        "Greenlets.Hub.Wake(Greenlets.Greenlet)",
        "Greenlets.Hub.ParkRunning(double?)",
        "Greenlets.Greenlet.ThrowIfInterrupted()",
        "Greenlets.CompilerServices.GreenAwaitable.GreenAwaitable(Greenlets.CompilerServices.IWaitSource, int)",
        "Greenlets.CompilerServices.GreenAwaitable.GreenAwaitable(bool)",
    ];

    /// <summary>
    /// The simulated network's seam (docs/simulated-network.md): where the servers, the HTTP client and DNS would reach
    /// the kernel, they read the hub's installed network and, when there is one, listen and connect on it instead; a
    /// datagram GreenSocket made under a network is a port of the simulation instead of a descriptor.
    /// </summary>
    private static readonly HashSet<string> s_simulatedNetworkSeam =
    [
        "Greenlets.Hub.Network",
        "Greenlets.Hub.CurrentIfAny",
        "Greenlets.SimulatedDatagramSocket",
        "Greenlets.SimulatedDatagramSocket.SendTo(System.ReadOnlySpan, System.Net.IPEndPoint)",
        "Greenlets.SimulatedDatagramSocket.TryReceive(System.Span, out (int Count, System.Net.IPEndPoint Address))",
        "Greenlets.SimulatedNetwork.OpenDatagramSocket()",
        "Greenlets.ISimulatedSocket",
        "Greenlets.ISimulatedSocket.Bind(System.Net.IPEndPoint)",
        "Greenlets.ISimulatedSocket.Close()",
        "Greenlets.ISimulatedSocket.GetOption(int, int)",
        "Greenlets.ISimulatedSocket.Host",
        "Greenlets.ISimulatedSocket.LocalEndPoint",
        "Greenlets.ISimulatedSocket.SetOption(int, int, int)",
        "Greenlets.ISimulatedSocket.WaitAwaitable(Greenlets.IoEvents, double?)",
        "Greenlets.SimulatedTcpSocket",
        "Greenlets.SimulatedTcpSocket.ConnectFinished()",
        "Greenlets.SimulatedTcpSocket.Listen(int)",
        "Greenlets.SimulatedTcpSocket.Network",
        "Greenlets.SimulatedTcpSocket.RemoteEndPoint",
        "Greenlets.SimulatedTcpSocket.Shutdown(System.Net.Sockets.SocketShutdown)",
        "Greenlets.SimulatedTcpSocket.SimulatedTcpSocket(Greenlets.SimulatedNetwork, Greenlets.SimulatedStream)",
        "Greenlets.SimulatedTcpSocket.SimulatedTcpSocket(Greenlets.SimulatedNetwork)",
        "Greenlets.SimulatedTcpSocket.StartConnect(System.Net.IPEndPoint)",
        "Greenlets.SimulatedTcpSocket.TryAccept(out (Greenlets.SimulatedStream Stream, System.Net.IPEndPoint Peer))",
        "Greenlets.SimulatedTcpSocket.TryRecv(System.Span, out int)",
        "Greenlets.SimulatedTcpSocket.TrySend(System.ReadOnlySpan, out int)",
        "Greenlets.SimulatedListener",
        "Greenlets.SimulatedListener.AcceptAsync()",
        "Greenlets.SimulatedListener.Close()",
        "Greenlets.SimulatedListener.Host",
        "Greenlets.SimulatedListener.LocalEndPoint",
        "Greenlets.SimulatedNetwork.ConnectAsync(System.Net.IPEndPoint, double?)",
        "Greenlets.SimulatedNetwork.Installed",
        "Greenlets.SimulatedNetwork.Listen(System.Net.IPEndPoint, int)",
    ];

    /// <summary>The transports: the green socket and the green streams (the seam), whose waits are the core's plumbing.</summary>
    private static readonly HashSet<string> s_transportFolders = ["Net", "Streams"];

    // LibraryImport's partial methods get their bodies from the interop generator, which this compilation does not run:
    // without them, the methods have no body (CS8795) and their out arguments look unassigned (CS0165).
    private static readonly HashSet<string> s_expectedErrors = ["CS8795", "CS0165"];

    [Test]
    public void TheOuterFoldersUseNothingInternalToTheCoreButThePinnedSocketPlumbing()
    {
        var compilation = LayerChecker.CompileFolder(Path.Combine(RepositoryFiles.Root, "Greenlet.Runtime"));
        var errors = compilation.GetDiagnostics()
            .Where(d => d.Severity == DiagnosticSeverity.Error && !s_expectedErrors.Contains(d.Id))
            .Select(d => d.ToString())
            .ToList();
        var outerFiles = compilation.SyntaxTrees.Count(tree => OuterFolders.Contains(LayerChecker.FolderOf(tree.FilePath)));

        var allViolations = LayerChecker.Check(compilation, OuterFolders);
        var seamUses = allViolations.Select(v => WithoutTypeArguments(v.Symbol)).Where(s_simulatedNetworkSeam.Contains).ToHashSet();
        var violations = allViolations.Where(v => !s_simulatedNetworkSeam.Contains(WithoutTypeArguments(v.Symbol))).ToList();
        var socketUses = violations.Where(v => s_transportFolders.Contains(LayerChecker.FolderOf(v.File))).Select(v => WithoutTypeArguments(v.Symbol)).ToHashSet();
        var others = violations.Where(v => !s_transportFolders.Contains(LayerChecker.FolderOf(v.File))).ToList();

        Assert.That(errors, Is.Empty, "the runtime's sources compile here, so every symbol resolves");
        Assert.That(outerFiles, Is.GreaterThan(50), "the outer folders were found");
        Assert.That(others, Is.Empty, "\n" + string.Join("\n", others));
        var added = socketUses.Except(s_socketExemptions).Order().ToList();
        var dropped = s_socketExemptions.Except(socketUses).Order().ToList();
        Assert.That(added, Is.Empty, "new uses of the core's internals in Net/ and Streams/:\n" + string.Join("\n", added));
        Assert.That(dropped, Is.Empty, "pinned uses Net/ and Streams/ no longer make: drop them from the list:\n" + string.Join("\n", dropped));
        Assert.That(s_simulatedNetworkSeam.Except(seamUses).Order(), Is.Empty, "pinned seam symbols no longer used: drop them from the list");
    }

    [Test]
    public void TheCheckerFlagsAnInternalTypeAnInternalMemberAndAnInternalSetterOfTheCore()
    {
        var violations = LayerChecker.Check(Synthetic(OuterUsingInternals), OuterFolders);

        Assert.That(
            violations.Select(v => $"{v.File}:{v.Line} {v.Symbol} {v.DeclaredIn}"),
            Is.EquivalentTo(new[]
            {
                "Zmq/Outer.cs:7 Core.Secret Core/Core.cs",
                "Zmq/Outer.cs:8 Core.Api.Internal() Core/Core.cs",
                "Zmq/Outer.cs:9 Core.Api.Value.set Core/Core.cs",
                "Zmq/Outer.cs:10 Core.Secret Core/Core.cs",
                "Zmq/Outer.cs:10 Core.Secret.Shown() Core/Core.cs",
            }));
    }

    [Test]
    public void TheCheckerAcceptsThePublicCoreAndTheOuterLayersOwnInternals()
    {
        var violations = LayerChecker.Check(Synthetic(OuterUsingPublicSurface), OuterFolders);

        Assert.That(violations, Is.Empty);
    }

    private static string WithoutTypeArguments(string symbol)
    {
        var text = new System.Text.StringBuilder();
        var depth = 0;
        foreach (var c in symbol)
        {
            depth += c == '<' ? 1 : 0;
            if (depth == 0)
            {
                text.Append(c);
            }

            depth -= c == '>' ? 1 : 0;
        }

        return text.ToString();
    }

    private static CSharpCompilation Synthetic(string outer)
    {
        var parse = new CSharpParseOptions(LanguageVersion.Latest);
        var compilation = LayerChecker.Compile(
        [
            CSharpSyntaxTree.ParseText(CoreSource, parse, "Core/Core.cs"),
            CSharpSyntaxTree.ParseText(outer, parse, "Zmq/Outer.cs"),
        ]);
        Assert.That(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error), Is.Empty, "the synthetic sources compile");
        return compilation;
    }

    private const string CoreSource = """
        namespace Core;
        internal sealed class Secret { public static int Shown() => 1; }
        public sealed class Api
        {
            public int Value { get; internal set; }
            internal static int Internal() => 2;
            public static int Public() => 3;
        }
        """;

    private const string OuterUsingInternals = """
        namespace Zmq;
        using Core;
        internal static class Outer
        {
            public static int Use(Api api)
            {
                object secret = typeof(Secret);
                var n = Api.Internal();
                api.Value = n;
                return Secret.Shown();
            }
        }
        """;

    private const string OuterUsingPublicSurface = """
        namespace Zmq;
        using Core;
        internal static class Outer
        {
            public static int Use(Api api) => api.Value + Api.Public() + Mine.Count;
        }
        internal static class Mine { internal static int Count => 1; }
        """;
}
