using Greenlets.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;

namespace Greenlets.Tests.Analyzers;

[Category(TestCategories.Generator)]
public sealed class TransitiveBlockingTests
{
    private static Task Check(string source, params DiagnosticResult[] expected) =>
        new AnalyzerTest<BlockingCallAnalyzer>(source, expected).RunAsync();

    [Test]
    public Task AHelperThatBlocksIsReportedAtTheCallWithThePath() => Check("""
        using System.IO;
        public static partial class Service
        {
            [Greenlet]
            public static string Fetch() => {|#0:LoadConfig()|};

            private static string LoadConfig() => Read("app.json");

            private static string Read(string path) => File.ReadAllText(path);
        }
        """,
        AnalyzerSetup.Diagnostic("GRN0101").WithLocation(0)
            .WithArguments("LoadConfig", "'Fetch → LoadConfig → Read → File.ReadAllText'", "Fetch", "avoid the call to File.ReadAllText"));

    [Test]
    public Task HelpersInOtherFilesAndTypesAreWalked()
    {
        var test = new AnalyzerTest<BlockingCallAnalyzer>("""
            public static partial class Service
            {
                [Greenlet]
                public static void Fetch(Settings settings) => {|#0:settings.Load()|};
            }
            """,
            AnalyzerSetup.Diagnostic("GRN0101").WithLocation(0)
                .WithArguments("Load", "'Fetch → Load → Thread.Sleep'", "Fetch", "avoid the call to Thread.Sleep"));
        test.TestState.Sources.Add(("/0/Settings.cs", """
            public sealed class Settings
            {
                public void Load() => System.Threading.Thread.Sleep(10);
            }
            """));
        return test.RunAsync();
    }

    [Test]
    public Task HelpersThatDoNotBlockAreNotReported() => Check("""
        public static partial class Service
        {
            [Greenlet]
            public static int Fetch() => Add(1, 2) + Recurse(3);

            private static int Add(int a, int b) => a + b;

            private static int Recurse(int n) => n == 0 ? 0 : Recurse(n - 1) + Other(n);

            private static int Other(int n) => n > 10 ? Recurse(n - 10) : n;
        }
        """);

    [Test]
    public Task MutualRecursionStillFindsTheBlockingCall() => Check("""
        public static partial class Service
        {
            [Greenlet]
            public static void Fetch() { {|#0:Ping(3)|}; {|#1:Pong(3)|}; }

            private static void Ping(int n) { if (n > 0) Pong(n - 1); }

            private static void Pong(int n) { if (n > 0) Ping(n - 1); else Thread.Sleep(1); }
        }
        """,
        AnalyzerSetup.Diagnostic("GRN0101").WithLocation(0).WithArguments("Ping", "'Fetch → Ping → Pong → Thread.Sleep'", "Fetch", "avoid the call to Thread.Sleep"),
        AnalyzerSetup.Diagnostic("GRN0101").WithLocation(1).WithArguments("Pong", "'Fetch → Pong → Thread.Sleep'", "Fetch", "avoid the call to Thread.Sleep"));

    [Test]
    public Task BlockingInsideAHelpersLambdaIsNotFollowed() => Check("""
        public static partial class Service
        {
            [Greenlet]
            public static Action Fetch() => MakeLater();

            private static Action MakeLater() => () => Thread.Sleep(10);
        }
        """);

    [Test]
    public Task AnotherGreenletMethodIsNotAHelper() => Check("""
        public static partial class Service
        {
            [Greenlet]
            public static void Fetch() => Other();

            [Greenlet]
            public static void Other() => {|GRN0100:Thread.Sleep(1)|};
        }
        """);

    [Test]
    public Task AUserApiMarkedBlockingIsReportedWithItsAdvice() => Check("""
        public static class Client
        {
            [Blocking("use Client.FetchAsync with Greenlet.WaitTask")]
            public static string Fetch() => "";
        }

        public static partial class Service
        {
            [Greenlet]
            public static string Run() => {|#0:Client.Fetch()|};
        }
        """,
        AnalyzerSetup.Diagnostic("GRN0100").WithLocation(0).WithArguments("Client.Fetch", "Run", "use Client.FetchAsync with Greenlet.WaitTask"));

    [Test]
    public Task AHelperMarkedNonBlockingIsTrusted() => Check("""
        using System.IO;
        public static partial class Service
        {
            [Greenlet]
            public static string Run() => Cached() + Quick();

            [NonBlocking]
            private static string Cached() => File.ReadAllText("/proc/self/stat");

            private static string Quick() => Cached();
        }
        """);

    [Test]
    public Task AnAdditionalFileAddsEntries()
    {
        var test = new AnalyzerTest<BlockingCallAnalyzer>("""
            public static class Legacy
            {
                public static void Poll() { }
                public static void Ping() { }
            }

            public static partial class Service
            {
                [Greenlet]
                public static void Run()
                {
                    {|#0:Legacy.Poll()|};
                    Legacy.Ping();
                    {|#1:Helper()|};
                }

                private static void Helper() => Legacy.Poll();
            }
            """,
            AnalyzerSetup.Diagnostic("GRN0100").WithLocation(0).WithArguments("Legacy.Poll", "Run", "use LegacyClient.PollGreen"),
            AnalyzerSetup.Diagnostic("GRN0101").WithLocation(1).WithArguments("Helper", "'Run → Helper → Legacy.Poll'", "Run", "avoid the call to Legacy.Poll"));
        test.TestState.AdditionalFiles.Add(("/0/GreenletBlockingApis.txt", "# our own\nLegacy | Poll | use LegacyClient.PollGreen\n"));
        return test.RunAsync();
    }

    [Test]
    public Task AnUnreadableAdditionalFileLineIsReportedThere()
    {
        var test = new AnalyzerTest<BlockingCallAnalyzer>("""
            public static partial class Service
            {
                [Greenlet]
                public static void Run() { }
            }
            """,
            AnalyzerSetup.Diagnostic("GRN0103").WithSpan("/0/GreenletBlockingApis.txt", 2, 1, 2, 11).WithArguments(2, "expected 'type | members | advice | green form' (the green form is optional)"),
            AnalyzerSetup.Diagnostic("GRN0103").WithSpan("/0/GreenletBlockingApis.txt", 3, 1, 3, 21).WithArguments(3, "unknown green form 'Nap'; use Sleep, WaitTask, Dns, File, ThreadPool or nothing"));
        test.TestState.AdditionalFiles.Add(("/0/GreenletBlockingApis.txt", "Legacy | Poll | fine\nno columns\nA | B | advice | Nap\n"));
        return test.RunAsync();
    }

    [Test]
    public Task APlainHelperThatSuspendsIsReported() => Check("""
        public static partial class Service
        {
            [Greenlet]
            public static void Run() => {|#0:Pause()|};

            private static void Pause() => Wait();

            private static void Wait() => Greenlet.Sleep(1);
        }
        """,
        new DiagnosticResult("GRN0200", DiagnosticSeverity.Warning).WithLocation(0).WithArguments("Pause", "'Run → Pause → Wait → Greenlet.Sleep'", "Run"));

    /// <summary>
    /// A plain helper that calls a [Greenlet] method runs that method's plain form, which cannot suspend: the helper in
    /// between is the one to mark, not the [Greenlet] method it calls.
    /// </summary>
    [Test]
    public Task APlainHelperBetweenTwoGreenletMethodsIsTheOneNamed() => Check("""
        public static partial class Service
        {
            [Greenlet]
            public static void Run() => {|#0:Relay()|};

            private static void Relay() => Fetch();

            [Greenlet]
            private static void Fetch() => Greenlet.Sleep(1);
        }
        """,
        AnalyzerSetup.Diagnostic("GRN0200").WithLocation(0).WithArguments("Relay", "'Run → Relay → Service.Fetch'", "Run"));

    [Test]
    public Task AHelperThatBothBlocksAndSuspendsGetsBothReports() => Check("""
        public static partial class Service
        {
            [Greenlet]
            public static void Run() => {|#0:Mixed()|};

            private static void Mixed() { Thread.Sleep(1); Greenlet.Sleep(1); }
        }
        """,
        AnalyzerSetup.Diagnostic("GRN0101").WithLocation(0).WithArguments("Mixed", "'Run → Mixed → Thread.Sleep'", "Run", "avoid the call to Thread.Sleep"),
        AnalyzerSetup.Diagnostic("GRN0200").WithLocation(0).WithArguments("Mixed", "'Run → Mixed → Greenlet.Sleep'", "Run"));

    /// <summary>
    /// A cooperative call told not to wait (gevent's block=False) runs straight through in plain code, so it does not
    /// make a helper suspend; the same call that may wait still does.
    /// </summary>
    [Test]
    public Task ACooperativeCallToldNotToWaitDoesNotMakeAHelperSuspend() => Check("""
        public static partial class Service
        {
            [Greenlet]
            public static void Run(Greenlet other, GreenQueue<int> queue)
            {
                Stop(other, queue);
                {|#0:StopAndWait(other)|};
            }

            private static void Stop(Greenlet other, GreenQueue<int> queue)
            {
                other.Kill(block: false);
                queue.Put(1, block: false);
                new GreenSemaphore().Acquire(blocking: false);
            }

            private static void StopAndWait(Greenlet other) => other.Kill(block: true);
        }
        """,
        AnalyzerSetup.Diagnostic("GRN0200").WithLocation(0).WithArguments("StopAndWait", "'Run → StopAndWait → Greenlet.Kill'", "Run"));

    /// <summary>
    /// A lambda or method group handed to a method that calls it runs as plain code: when its code suspends, through a
    /// cooperative method or a plain helper, the greenlet fails at run time, so it is reported where it is passed.
    /// </summary>
    [Test]
    public Task ADelegateThatSuspendsCalledByThePlainMethodItIsPassedToIsReported() => Check("""
        public static partial class Service
        {
            [Greenlet]
            public static void Run()
            {
                Retry({|#0:() => Pause()|});
                Retry({|#1:Pause|});
                Twice({|#2:Greenlet.Sleep|});
                Forward({|#3:Pause|});
                Guarded({|#4:Pause|});
            }

            private static void Retry(Action action)
            {
                for (var i = 0; i < 3; i++)
                {
                    action();
                }
            }

            private static void Twice(Action<GreenDuration> step)
            {
                step(1);
                step.Invoke(2);
            }

            private static void Forward(Action action) => Retry(action);

            [Greenlet]
            private static void Guarded(Action? action) => action?.Invoke();

            private static void Pause() => Greenlet.Sleep(1);
        }
        """,
        AnalyzerSetup.Diagnostic("GRN0204").WithLocation(0).WithArguments("Retry", "lambda", "'Pause → Greenlet.Sleep'", "Run"),
        AnalyzerSetup.Diagnostic("GRN0204").WithLocation(1).WithArguments("Retry", "method 'Pause'", "'Pause → Greenlet.Sleep'", "Run"),
        AnalyzerSetup.Diagnostic("GRN0204").WithLocation(2).WithArguments("Twice", "method 'Sleep'", "'Greenlet.Sleep'", "Run"),
        AnalyzerSetup.Diagnostic("GRN0204").WithLocation(3).WithArguments("Forward", "method 'Pause'", "'Pause → Greenlet.Sleep'", "Run"),
        AnalyzerSetup.Diagnostic("GRN0204").WithLocation(4).WithArguments("Guarded", "method 'Pause'", "'Pause → Greenlet.Sleep'", "Run"));

    /// <summary>
    /// Not reported: a delegate kept rather than called, one handed to code whose body is not in the compilation, one
    /// that does not suspend, and one that suspends directly (the generator's GRN0002) or names a [Greenlet] method (GRN0201).
    /// </summary>
    [Test]
    public Task DelegatesThatAreKeptDoNotSuspendOrAreReportedElsewhereAreNotReported() => Check("""
        using System.Collections.Generic;

        public static partial class Service
        {
            private static readonly List<Action> s_handlers = new();

            [Greenlet]
            public static void Run(List<int> items)
            {
                Register(Pause);
                items.ForEach(_ => Pause());
                Retry(() => Console.WriteLine("plain"));
                Retry(() => Greenlet.Sleep(1));
                Retry(Fetch);
            }

            private static void Register(Action action) => s_handlers.Add(action);

            private static void Retry(Action action) => action();

            private static void Pause() => Greenlet.Sleep(1);

            [Greenlet]
            private static void Fetch() => Greenlet.Sleep(1);
        }
        """);
}
