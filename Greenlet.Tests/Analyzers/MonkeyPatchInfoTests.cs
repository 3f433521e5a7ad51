using Greenlets.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;

namespace Greenlets.Tests.Analyzers;

/// <summary>With GreenletMonkeyPatch on, the calls the generator rewrites are information; the rest stay warnings.</summary>
[Category(TestCategories.Generator)]
public sealed class MonkeyPatchInfoTests
{
    [Test]
    public Task PatchedCallsAreInformationAndTheOthersWarnings()
    {
        var test = new AnalyzerTest<BlockingCallAnalyzer>("""
            public static partial class Workers
            {
                [Greenlet]
                public static int Worker(Task<int> number)
                {
                    {|#0:Thread.Sleep(1000)|};
                    var n = {|#1:number.Result|};
                    {|#2:Thread.Sleep(Timeout.Infinite)|};
                    {|#3:Console.ReadLine()|};
                    Action later = () => Thread.Sleep(1);
                    return n;
                }
            }
            """,
            new DiagnosticResult("GRN0102", DiagnosticSeverity.Info).WithLocation(0).WithArguments("Thread.Sleep", "Greenlet.Sleep", "Worker"),
            new DiagnosticResult("GRN0102", DiagnosticSeverity.Info).WithLocation(1).WithArguments("Task.Result", "Greenlet.WaitTask", "Worker"),
            AnalyzerSetup.Diagnostic("GRN0100").WithLocation(2).WithArguments("Thread.Sleep", "Worker", "use Greenlet.Sleep, which suspends only this greenlet"),
            AnalyzerSetup.Diagnostic("GRN0100").WithLocation(3).WithArguments("Console.ReadLine", "Worker", "read the console on GreenThreadPool"));
        test.TestState.AnalyzerConfigFiles.Add(("/.globalconfig", "is_global = true\nbuild_property.GreenletMonkeyPatch = true\n"));
        return test.RunAsync();
    }

    [Test]
    public Task ABlockingCallInsideALockStaysAWarningAndTheLockIsReported()
    {
        var test = new AnalyzerTest<BlockingCallAnalyzer>("""
            public static partial class Workers
            {
                private static readonly object Gate = new();

                [Greenlet]
                public static void Worker()
                {
                    {|#1:lock (Gate)|}
                    {
                        {|#0:Thread.Sleep(10)|};
                    }
                }
            }
            """,
            AnalyzerSetup.Diagnostic("GRN0100").WithLocation(0).WithArguments("Thread.Sleep", "Worker", "use Greenlet.Sleep, which suspends only this greenlet"),
            AnalyzerSetup.Diagnostic("GRN0104").WithLocation(1).WithArguments("Gate", "Worker", "'Thread.Sleep', which blocks the hub"));
        test.TestState.AnalyzerConfigFiles.Add(("/.globalconfig", "is_global = true\nbuild_property.GreenletMonkeyPatch = true\n"));
        return test.RunAsync();
    }
}
