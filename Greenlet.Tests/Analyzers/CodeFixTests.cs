using Greenlets.Analyzers;
using Microsoft.CodeAnalysis.Testing;

namespace Greenlets.Tests.Analyzers;

[Category(TestCategories.Generator)]
public sealed class CodeFixTests
{
    private static CodeFixTest<BlockingCallAnalyzer, GreenFormCodeFixProvider> SleepFix(string source, string fixedSource) =>
        new(AnalyzerSetup.Usings + source, AnalyzerSetup.Usings + fixedSource) { CodeActionEquivalenceKey = GreenFormCodeFixProvider.GreenFormKey + "Sleep" };

    [Test]
    public Task ThreadSleepBecomesGreenletSleepInSeconds() => SleepFix("""
        public static partial class Workers
        {
            [Greenlet]
            public static void Worker(int pause, TimeSpan wait)
            {
                {|GRN0100:Thread.Sleep(1000)|};
                {|GRN0100:Thread.Sleep(250)|};
                {|GRN0100:Thread.Sleep(pause)|};
                {|GRN0100:Thread.Sleep(pause + 1)|};
                {|GRN0100:Thread.Sleep(wait)|};
            }
        }
        """, """
        public static partial class Workers
        {
            [Greenlet]
            public static void Worker(int pause, TimeSpan wait)
            {
                Greenlet.Sleep(1);
                Greenlet.Sleep(0.25);
                Greenlet.Sleep(pause / 1000.0);
                Greenlet.Sleep((pause + 1) / 1000.0);
                Greenlet.Sleep(wait);
            }
        }
        """).RunAsync();

    [Test]
    public Task AnInfiniteSleepHasNoGreenForm()
    {
        // Thread.Sleep(-1) sleeps forever, Greenlet.Sleep of a negative time only yields: the same text would mean something else.
        const string source = """
            public static partial class Workers
            {
                [Greenlet]
                public static void Worker() => {|GRN0100:Thread.Sleep(Timeout.Infinite)|};
            }
            """;
        return SleepFix(source, source).RunAsync();
    }

    [Test]
    public Task WithoutTheUsingTheNameIsQualified() => new CodeFixTest<BlockingCallAnalyzer, GreenFormCodeFixProvider>("""
        public static partial class Workers
        {
            [Greenlets.Greenlet]
            public static void Worker() => {|GRN0100:System.Threading.Thread.Sleep(500)|};
        }
        """, """
        public static partial class Workers
        {
            [Greenlets.Greenlet]
            public static void Worker() => Greenlets.Greenlet.Sleep(0.5);
        }
        """) { CodeActionEquivalenceKey = GreenFormCodeFixProvider.GreenFormKey + "Sleep" }.RunAsync();

    /// <summary>
    /// The framework applies fix-all in a document (once per document here), in the project and in the solution,
    /// and checks each result against the fixed sources.
    /// </summary>
    [Test]
    public Task FixAllFixesEverySleepInTheDocumentProjectAndSolution()
    {
        const string before = """
            public static partial class {0}
            {{
                [Greenlet]
                public static void A() {{ {{|GRN0100:Thread.Sleep(100)|}}; {{|GRN0100:Thread.Sleep(200)|}}; }}
            }}
            """;
        const string after = """
            public static partial class {0}
            {{
                [Greenlet]
                public static void A() {{ Greenlet.Sleep(0.1); Greenlet.Sleep(0.2); }}
            }}
            """;
        var test = new CodeFixTest<BlockingCallAnalyzer, GreenFormCodeFixProvider>(
            AnalyzerSetup.Usings + string.Format(before, "First"), AnalyzerSetup.Usings + string.Format(after, "First"))
        {
            CodeActionEquivalenceKey = GreenFormCodeFixProvider.GreenFormKey + "Sleep",
            NumberOfIncrementalIterations = 4,
            NumberOfFixAllInDocumentIterations = 2,
            NumberOfFixAllIterations = 1,
        };
        test.TestState.Sources.Add(("/0/Second.cs", AnalyzerSetup.Usings + string.Format(before, "Second")));
        test.FixedState.Sources.Add(("/0/Second.cs", AnalyzerSetup.Usings + string.Format(after, "Second")));
        return test.RunAsync();
    }

    [Test]
    public Task DnsLookupsBecomeGreenDns()
    {
        var test = new CodeFixTest<BlockingCallAnalyzer, GreenFormCodeFixProvider>(AnalyzerSetup.Usings + """
            using System.Net;
            public static partial class Workers
            {
                [Greenlet]
                public static int Worker()
                {
                    var a = {|GRN0100:Dns.GetHostAddresses("localhost")|};
                    var b = {|GRN0100:Dns.GetHostEntry("localhost")|};
                    return a.Length + b.AddressList.Length;
                }
            }
            """, AnalyzerSetup.Usings + """
            using System.Net;
            public static partial class Workers
            {
                [Greenlet]
                public static int Worker()
                {
                    var a = GreenDns.GetHostAddresses("localhost");
                    var b = GreenDns.GetHostEntry("localhost");
                    return a.Length + b.AddressList.Length;
                }
            }
            """);
        test.NumberOfIncrementalIterations = 2;
        test.CodeFixTestBehaviors = CodeFixTestBehaviors.SkipFixAllCheck; // two lookups, two different fixes: fix-all is one kind at a time
        return test.RunAsync();
    }

    [Test]
    public Task TaskWaitsBecomeTheCooperativeWait()
    {
        var test = new CodeFixTest<BlockingCallAnalyzer, GreenFormCodeFixProvider>(AnalyzerSetup.Usings + """
            public static partial class Workers
            {
                [Greenlet]
                public static int Worker(Task task, Task<int> number, ValueTask<int> later)
                {
                    {|GRN0100:task.Wait()|};
                    {|GRN0100:task.Wait(100)|};
                    return {|GRN0100:number.Result|} + {|GRN0100:number.GetAwaiter().GetResult()|} + {|GRN0100:later.Result|};
                }
            }
            """, AnalyzerSetup.Usings + """
            public static partial class Workers
            {
                [Greenlet]
                public static int Worker(Task task, Task<int> number, ValueTask<int> later)
                {
                    Greenlet.WaitTask(task);
                    {|GRN0100:task.Wait(100)|};
                    return Greenlet.WaitTask(number) + Greenlet.WaitTask(number) + Greenlet.WaitTask(later);
                }
            }
            """) { CodeActionEquivalenceKey = GreenFormCodeFixProvider.GreenFormKey + "WaitTask" };
        // Wait(100) returns whether the task finished in time: WaitTask has another contract, so it keeps its warning
        // one fix at a time; fix-all gives it its own best fix, the wrap.
        test.FixedState.MarkupHandling = MarkupMode.Allow;
        test.BatchFixedState.Sources.Add(AnalyzerSetup.Usings + """
            public static partial class Workers
            {
                [Greenlet]
                public static int Worker(Task task, Task<int> number, ValueTask<int> later)
                {
                    Greenlet.WaitTask(task);
                    GreenThreadPool.Default.Apply(() => task.Wait(100));
                    return Greenlet.WaitTask(number) + Greenlet.WaitTask(number) + Greenlet.WaitTask(later);
                }
            }
            """);
        test.NumberOfIncrementalIterations = 4;
        test.NumberOfFixAllIterations = 1;
        return test.RunAsync();
    }

    [Test]
    public Task FileCallsWithoutAGreenFormRunOnGreenThreadPool()
    {
        var test = new CodeFixTest<BlockingCallAnalyzer, GreenFormCodeFixProvider>(AnalyzerSetup.Usings + """
            using System.IO;
            public static partial class Workers
            {
                [Greenlet]
                public static void Worker(string path)
                {
                    {|GRN0100:File.Copy(path, path + ".bak")|};
                    {|GRN0100:File.Delete(path)|};
                }
            }
            """, AnalyzerSetup.Usings + """
            using System.IO;
            public static partial class Workers
            {
                [Greenlet]
                public static void Worker(string path)
                {
                    GreenThreadPool.Default.Apply(() => File.Copy(path, path + ".bak"));
                    GreenThreadPool.Default.Apply(() => File.Delete(path));
                }
            }
            """) { CodeActionEquivalenceKey = GreenFormCodeFixProvider.ThreadPoolKey };
        return test.RunAsync();
    }

    [Test]
    public Task FixAllStartedFromAGreenFormStillWrapsTheCallsThatHaveNone()
    {
        // dotnet format's key is the first action of whichever diagnostic its concurrent analysis listed first: here a
        // sleep. The outcome must be the one the wrap's key gives, or a File.Delete is left blocking in some runs.
        var test = new CodeFixTest<BlockingCallAnalyzer, GreenFormCodeFixProvider>(AnalyzerSetup.Usings + """
            using System.IO;
            public static partial class Workers
            {
                [Greenlet]
                public static void Worker(string path)
                {
                    {|GRN0100:Thread.Sleep(100)|};
                    {|GRN0100:File.Delete(path)|};
                }
            }
            """, AnalyzerSetup.Usings + """
            using System.IO;
            public static partial class Workers
            {
                [Greenlet]
                public static void Worker(string path)
                {
                    Greenlet.Sleep(0.1);
                    {|GRN0100:File.Delete(path)|};
                }
            }
            """) { CodeActionEquivalenceKey = GreenFormCodeFixProvider.GreenFormKey + "Sleep" };
        test.FixedState.MarkupHandling = MarkupMode.Allow;
        test.BatchFixedState.Sources.Add(AnalyzerSetup.Usings + """
            using System.IO;
            public static partial class Workers
            {
                [Greenlet]
                public static void Worker(string path)
                {
                    Greenlet.Sleep(0.1);
                    GreenThreadPool.Default.Apply(() => File.Delete(path));
                }
            }
            """);
        return test.RunAsync();
    }

    [Test]
    public Task FixAllOfTheWrapGivesCallsWithAGreenFormTheirGreenFormAndWrapsTheRest()
    {
        // dotnet format takes the first call's first fix for the whole solution: here the wrap. Chosen one call at a
        // time the wrap wraps each call; fix-all gives each call its most specific fix, and wraps only what has none.
        const string source = """
            using System.IO;
            public static partial class Workers
            {
                [Greenlet]
                public static string Worker(string path)
                {
                    {|GRN0100:File.Delete(path)|};
                    {|GRN0100:Thread.Sleep(100)|};
                    return {|GRN0100:File.ReadAllText(path)|};
                }
            }
            """;
        var test = new CodeFixTest<BlockingCallAnalyzer, GreenFormCodeFixProvider>(AnalyzerSetup.Usings + source, AnalyzerSetup.Usings + """
            using System.IO;
            public static partial class Workers
            {
                [Greenlet]
                public static string Worker(string path)
                {
                    GreenThreadPool.Default.Apply(() => File.Delete(path));
                    GreenThreadPool.Default.Apply(() => Thread.Sleep(100));
                    return GreenThreadPool.Default.Apply(() => File.ReadAllText(path));
                }
            }
            """) { CodeActionEquivalenceKey = GreenFormCodeFixProvider.ThreadPoolKey };
        test.BatchFixedState.Sources.Add(AnalyzerSetup.Usings + """
            using System.IO;
            public static partial class Workers
            {
                [Greenlet]
                public static string Worker(string path)
                {
                    GreenThreadPool.Default.Apply(() => File.Delete(path));
                    Greenlet.Sleep(0.1);
                    return GreenFile.ReadAllText(path);
                }
            }
            """);
        test.NumberOfIncrementalIterations = 3;
        test.NumberOfFixAllIterations = 1;
        return test.RunAsync();
    }

    [Test]
    public Task WholeFileCallsBecomeGreenFile()
    {
        var test = new CodeFixTest<BlockingCallAnalyzer, GreenFormCodeFixProvider>(AnalyzerSetup.Usings + """
            using System.IO;
            public static partial class Workers
            {
                [Greenlet]
                public static int Worker(string path, byte[] data)
                {
                    {|GRN0100:File.WriteAllText(path, "x")|};
                    {|GRN0100:File.AppendAllText(path, "y")|};
                    {|GRN0100:File.WriteAllBytes(path, data)|};
                    var text = {|GRN0100:File.ReadAllText(path)|};
                    var lines = {|GRN0100:File.ReadAllLines(path)|};
                    return text.Length + lines.Length + {|GRN0100:File.ReadAllBytes(path)|}.Length;
                }
            }
            """, AnalyzerSetup.Usings + """
            using System.IO;
            public static partial class Workers
            {
                [Greenlet]
                public static int Worker(string path, byte[] data)
                {
                    GreenFile.WriteAllText(path, "x");
                    GreenFile.AppendAllText(path, "y");
                    GreenFile.WriteAllBytes(path, data);
                    var text = GreenFile.ReadAllText(path);
                    var lines = GreenFile.ReadAllLines(path);
                    return text.Length + lines.Length + GreenFile.ReadAllBytes(path).Length;
                }
            }
            """);
        test.CodeActionEquivalenceKey = GreenFormCodeFixProvider.GreenFileKey; // one kind: fix-all rewrites all six at once
        test.NumberOfIncrementalIterations = 6;
        test.NumberOfFixAllIterations = 1;
        return test.RunAsync();
    }

    /// <summary>An encoding, a named argument out of order or an open file has no GreenFile twin of the same meaning: no green-form fix.</summary>
    [Test]
    public Task FileCallsOfOtherShapesHaveNoGreenFileFix()
    {
        const string source = """
            using System.IO;
            using System.Text;
            public static partial class Workers
            {
                [Greenlet]
                public static void Worker(string path)
                {
                    {|GRN0100:File.WriteAllText(path, "x", Encoding.Unicode)|};
                    {|GRN0100:File.WriteAllText(contents: "x", path: path)|};
                    using var stream = {|GRN0100:File.OpenRead(path)|};
                    {|GRN0100:File.Delete(path)|};
                }
            }
            """;
        return new CodeFixTest<BlockingCallAnalyzer, GreenFormCodeFixProvider>(AnalyzerSetup.Usings + source, AnalyzerSetup.Usings + source)
        {
            CodeActionEquivalenceKey = GreenFormCodeFixProvider.GreenFileKey,
        }.RunAsync();
    }

    [Test]
    public Task ABlockingHelperRunsOnGreenThreadPool()
    {
        var test = new CodeFixTest<BlockingCallAnalyzer, GreenFormCodeFixProvider>(AnalyzerSetup.Usings + """
            public static partial class Workers
            {
                [Greenlet]
                public static void Worker() => {|GRN0101:Load()|};

                private static void Load() => Console.ReadLine();
            }
            """, AnalyzerSetup.Usings + """
            public static partial class Workers
            {
                [Greenlet]
                public static void Worker() => GreenThreadPool.Default.Apply(() => Load());

                private static void Load() => Console.ReadLine();
            }
            """) { CodeActionEquivalenceKey = GreenFormCodeFixProvider.ThreadPoolKey };
        return test.RunAsync();
    }

    [Test]
    public Task APlainHelperThatSuspendsIsMarkedGreenletAndItsTypePartial()
    {
        var test = new CodeFixTest<BlockingCallAnalyzer, AddGreenletCodeFixProvider>(AnalyzerSetup.Usings + """
            public static partial class Workers
            {
                [Greenlet]
                public static void A() => {|GRN0200:Steps.Pause()|};

                [Greenlet]
                public static void B() { {|GRN0200:Steps.Pause()|}; {|GRN0200:Steps.Rest()|}; }
            }

            public static class Steps
            {
                public static void Pause() => Greenlet.Sleep(1);

                public static void Rest() => Greenlet.Sleep(2);
            }
            """, AnalyzerSetup.Usings + """
            public static partial class Workers
            {
                [Greenlet]
                public static void A() => Steps.Pause();

                [Greenlet]
                public static void B() { Steps.Pause(); Steps.Rest(); }
            }

            public static partial class Steps
            {
                [Greenlet]
                public static void Pause() => Greenlet.Sleep(1);

                [Greenlet]
                public static void Rest() => Greenlet.Sleep(2);
            }
            """);
        test.NumberOfIncrementalIterations = 2; // one helper per fix
        test.NumberOfFixAllIterations = 1;
        return test.RunAsync();
    }

    [Test]
    public Task ThreadBoundWaitsAndLazySequencesAreNotMovedToTheThreadPool()
    {
        // A Monitor is owned by the thread that entered it, and a consuming enumerable blocks where it is enumerated:
        // on the pool, the one would be released by the wrong thread, the other would return at once and block later.
        const string source = AnalyzerSetup.Usings + """
            using System.Collections.Concurrent;
            public static partial class Workers
            {
                [Greenlet]
                public static int Worker(object gate, BlockingCollection<int> queue, Mutex mutex)
                {
                    {|GRN0100:Monitor.Enter(gate)|};
                    {|GRN0100:mutex.WaitOne()|};
                    var total = 0;
                    foreach (var item in {|GRN0100:queue.GetConsumingEnumerable()|})
                    {
                        total += item;
                    }

                    return total;
                }
            }
            """;
        return new CodeFixTest<BlockingCallAnalyzer, GreenFormCodeFixProvider>(source, source) { CodeActionEquivalenceKey = GreenFormCodeFixProvider.ThreadPoolKey }.RunAsync();
    }
}
