using Greenlets.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;

namespace Greenlets.Tests.Analyzers;

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
            AnalyzerSetup.Diagnostic("GRN0103").WithSpan("/0/GreenletBlockingApis.txt", 3, 1, 3, 21).WithArguments(3, "unknown green form 'Nap'; use Sleep, WaitTask, Dns, ThreadPool or nothing"));
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
}
