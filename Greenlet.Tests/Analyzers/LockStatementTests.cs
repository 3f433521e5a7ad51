using Greenlets.Analyzers;
using Greenlets.Generators;
using Microsoft.CodeAnalysis.Testing;

namespace Greenlets.Tests.Analyzers;

/// <summary>
/// GRN0104, a lock statement around code that blocks, and the fix shared with the generator's GRN0003 (a lock around a
/// suspension point): the lock object becomes a GreenLock, or an RLock where a lock is taken again while held.
/// </summary>
[Category(TestCategories.Generator)]
public sealed class LockStatementTests
{
    private static Task Check(string source, params DiagnosticResult[] expected) =>
        new AnalyzerTest<BlockingCallAnalyzer>(source, expected).RunAsync();

    private static CodeFixTest<BlockingCallAnalyzer, GreenLockCodeFixProvider> LockFix(string source, string fixedSource)
    {
        var test = new CodeFixTest<BlockingCallAnalyzer, GreenLockCodeFixProvider>(AnalyzerSetup.Usings + source, AnalyzerSetup.Usings + fixedSource)
        {
            CodeActionEquivalenceKey = GreenLockCodeFixProvider.Key,
        };
        test.FixedState.MarkupHandling = MarkupMode.Allow; // the blocking call inside keeps its own GRN0100
        return test;
    }

    [Test]
    public Task ALockAroundABlockingCallIsReportedAtTheLockAndTheCallAtTheCall() => Check("""
        public partial class Counter
        {
            private readonly object _gate = new object();
            private int _count;

            [Greenlet]
            public void Add()
            {
                {|#0:lock (_gate)|}
                {
                    _count++;
                    {|#1:Thread.Sleep(10)|};
                }
            }
        }
        """,
        AnalyzerSetup.Diagnostic("GRN0104").WithLocation(0).WithArguments("_gate", "Add", "'Thread.Sleep', which blocks the hub"),
        AnalyzerSetup.Diagnostic("GRN0100").WithLocation(1).WithArguments("Thread.Sleep", "Add", "use Greenlet.Sleep, which suspends only this greenlet"));

    [Test]
    public Task ALockAroundHelpersNamesThePathOfTheFirstThatBlocksOrSuspends() => Check("""
        using System.IO;
        public static partial class Store
        {
            private static readonly object s_gate = new();
            private static readonly object s_other = new();

            [Greenlet]
            public static void Save(string path)
            {
                {|#0:lock (s_gate)|}
                {
                    {|#1:Write(path)|};
                }

                {|#2:lock (s_other)|}
                {
                    {|#3:Pause()|};
                }
            }

            private static void Write(string path) => File.WriteAllText(path, "x");

            private static void Pause() => Greenlet.Sleep(1);
        }
        """,
        AnalyzerSetup.Diagnostic("GRN0104").WithLocation(0).WithArguments("s_gate", "Save", "'Write → File.WriteAllText', which blocks the hub"),
        AnalyzerSetup.Diagnostic("GRN0101").WithLocation(1)
            .WithArguments("Write", "'Save → Write → File.WriteAllText'", "Save", "avoid the call to File.WriteAllText"),
        AnalyzerSetup.Diagnostic("GRN0104").WithLocation(2).WithArguments("s_other", "Save", "'Pause → Greenlet.Sleep', which suspends once 'Pause' is [Greenlet]"),
        AnalyzerSetup.Diagnostic("GRN0200").WithLocation(3).WithArguments("Pause", "'Save → Pause → Greenlet.Sleep'", "Save"));

    /// <summary>
    /// No report for a lock around plain code (on one thread between two suspension points it is free and harmless),
    /// nor outside [Greenlet] methods or in a lambda; and none where the body suspends, which is the generator's
    /// GRN0003 at the same place: one mistake, one report.
    /// </summary>
    [Test]
    public Task NoReportForALockAroundPlainCodeOrOneTheGeneratorReports() => Check("""
        public partial class Counter
        {
            private readonly object _gate = new object();
            private int _count;

            [Greenlet]
            public void Add(GreenQueue<int> queue)
            {
                lock (_gate)
                {
                    _count++;
                }

                lock (_gate)
                {
                    _count += queue.Get();
                    {|GRN0100:Thread.Sleep(1)|};
                }

                Action later = () => { lock (_gate) { Thread.Sleep(1); } };
                {|GRN0101:later()|};
            }

            public void Plain()
            {
                lock (_gate)
                {
                    Thread.Sleep(1);
                }
            }
        }
        """);

    [Test]
    public Task TheLockObjectBecomesAGreenLockAndEveryLockOnItAUsing() => LockFix("""
        public partial class Counter
        {
            private readonly object _gate = new object();
            private int _count;

            [Greenlet]
            public void Add()
            {
                {|GRN0104:lock (_gate)|}
                {
                    _count++;
                    {|GRN0100:Thread.Sleep(10)|};
                }
            }

            [Greenlet]
            public int Read()
            {
                lock (this._gate) return _count;
            }
        }
        """, """
        public partial class Counter
        {
            private readonly GreenLock _gate = new GreenLock();
            private int _count;

            [Greenlet]
            public void Add()
            {
                using (_gate.Lock())
                {
                    _count++;
                    {|GRN0100:Thread.Sleep(10)|};
                }
            }

            [Greenlet]
            public int Read()
            {
                using (this._gate.Lock()) return _count;
            }
        }
        """).RunAsync();

    [Test]
    public Task ALocalAndADotNet9LockBecomeGreenLocksToo() => LockFix("""
        public static partial class Workers
        {
            private static readonly Lock s_gate = new();

            [Greenlet]
            public static void Work()
            {
                var local = new object();
                {|GRN0104:lock (local)|}
                {
                    {|GRN0100:Thread.Sleep(1)|};
                }

                {|GRN0104:lock (s_gate)|}
                {
                    {|GRN0100:Thread.Sleep(2)|};
                }
            }
        }
        """, """
        public static partial class Workers
        {
            private static readonly GreenLock s_gate = new();

            [Greenlet]
            public static void Work()
            {
                var local = new GreenLock();
                using (local.Lock())
                {
                    {|GRN0100:Thread.Sleep(1)|};
                }

                using (s_gate.Lock())
                {
                    {|GRN0100:Thread.Sleep(2)|};
                }
            }
        }
        """).RunAsync();

    /// <summary>
    /// The generator's GRN0003 gets the same fix, and the analyzer adds nothing at that lock. The generator then
    /// rewrites the fixed method, whose twin compiles.
    /// </summary>
    [Test]
    public Task TheGeneratorsErrorForASuspensionInsideALockGetsTheSameFix()
    {
        var test = LockFix("""
            public partial class Counter
            {
                private readonly object _gate = new();
                private int _count;

                [Greenlet]
                public void Add()
                {
                    {|GRN0003:lock (_gate)|}
                    {
                        var count = _count;
                        Greenlet.Sleep(0);
                        _count = count + 1;
                    }
                }
            }
            """, """
            public partial class Counter
            {
                private readonly GreenLock _gate = new();
                private int _count;

                [Greenlet]
                public void Add()
                {
                    using (_gate.Lock())
                    {
                        var count = _count;
                        Greenlet.Sleep(0);
                        _count = count + 1;
                    }
                }
            }
            """);
        test.SourceGenerators.Add(typeof(GreenletGenerator));
        test.TestBehaviors |= TestBehaviors.SkipGeneratedSourcesCheck;
        return test.RunAsync();
    }

    /// <summary>A Monitor is re-entrant and a GreenLock is not: a lock taken again while held, nested or through a call, makes an RLock.</summary>
    [Test]
    public Task ALockTakenAgainWhileHeldBecomesAnRLock() => LockFix("""
        public partial class Tree
        {
            private readonly object _nested = new object();
            private readonly object _called = new object();

            [Greenlet]
            public void Nested()
            {
                {|GRN0104:lock (_nested)|}
                {
                    {|GRN0104:lock (_nested)|} {|GRN0100:Thread.Sleep(1)|};
                }
            }

            [Greenlet]
            public void Outer()
            {
                {|GRN0104:lock (_called)|}
                {
                    {|GRN0100:Thread.Sleep(1)|};
                    {|GRN0200:Step()|};
                }
            }

            private void Step() => Inner();

            [Greenlet]
            public void Inner()
            {
                {|GRN0104:lock (_called)|} {|GRN0100:Thread.Sleep(2)|};
            }
        }
        """, """
        public partial class Tree
        {
            private readonly RLock _nested = new RLock();
            private readonly RLock _called = new RLock();

            [Greenlet]
            public void Nested()
            {
                using (_nested.Lock())
                {
                    using (_nested.Lock()) {|GRN0100:Thread.Sleep(1)|};
                }
            }

            [Greenlet]
            public void Outer()
            {
                using (_called.Lock())
                {
                    {|GRN0100:Thread.Sleep(1)|};
                    {|GRN0200:Step()|};
                }
            }

            private void Step() => Inner();

            [Greenlet]
            public void Inner()
            {
                using (_called.Lock()) {|GRN0100:Thread.Sleep(2)|};
            }
        }
        """).RunAsync();

    /// <summary>
    /// No fix where the object might be locked by code that the fix cannot make green, or another thread: a use other
    /// than a lock statement, a lock in plain code or in a lambda, a field others can reach, an object made otherwise
    /// than with new object(), a lock on this.
    /// </summary>
    [Test]
    public Task NoFixWhereTheLockObjectCannotChangeTypeHere()
    {
        const string source = """
            public partial class Shared
            {
                private readonly object _pulsed = new object();
                private readonly object _plain = new object();
                private readonly object _lambda = new object();
                internal readonly object Visible = new object();
                private readonly object _list = new System.Collections.Generic.List<int>();

                [Greenlet]
                public void Use(object given)
                {
                    {|GRN0104:lock (_pulsed)|} { {|GRN0100:Thread.Sleep(1)|}; Monitor.PulseAll(_pulsed); }
                    {|GRN0104:lock (_plain)|} {|GRN0100:Thread.Sleep(1)|};
                    {|GRN0104:lock (_lambda)|} {|GRN0100:Thread.Sleep(1)|};
                    {|GRN0104:lock (Visible)|} {|GRN0100:Thread.Sleep(1)|};
                    {|GRN0104:lock (_list)|} {|GRN0100:Thread.Sleep(1)|};
                    {|GRN0104:lock (given)|} {|GRN0100:Thread.Sleep(1)|};
                    {|GRN0104:lock (this)|} {|GRN0100:Thread.Sleep(1)|};
                    Action later = () => { lock (_lambda) { } };
                    later();
                }

                public void Plain()
                {
                    lock (_plain) { }
                }
            }
            """;
        return LockFix(source, source).RunAsync();
    }

    [Test]
    public Task FixAllMakesEveryLockObjectOfTheDocumentProjectAndSolutionGreen()
    {
        const string before = """
            public partial class {0}
            {{
                private readonly object _a = new object();
                private readonly object _b = new();

                [Greenlet]
                public void Use()
                {{
                    {{|GRN0104:lock (_a)|}} {{|GRN0100:Thread.Sleep(1)|}};
                    {{|GRN0104:lock (_b)|}} {{|GRN0100:Thread.Sleep(2)|}};
                    {{|GRN0104:lock (_a)|}} {{|GRN0100:Thread.Sleep(3)|}};
                }}
            }}
            """;
        const string after = """
            public partial class {0}
            {{
                private readonly GreenLock _a = new GreenLock();
                private readonly GreenLock _b = new();

                [Greenlet]
                public void Use()
                {{
                    using (_a.Lock()) {{|GRN0100:Thread.Sleep(1)|}};
                    using (_b.Lock()) {{|GRN0100:Thread.Sleep(2)|}};
                    using (_a.Lock()) {{|GRN0100:Thread.Sleep(3)|}};
                }}
            }}
            """;
        var test = LockFix(string.Format(before, "First"), string.Format(after, "First"));
        test.TestState.Sources.Add(("/0/Second.cs", AnalyzerSetup.Usings + string.Format(before, "Second")));
        test.FixedState.Sources.Add(("/0/Second.cs", AnalyzerSetup.Usings + string.Format(after, "Second")));
        test.NumberOfIncrementalIterations = 4; // one lock object per fix, all its locks at once
        test.NumberOfFixAllInDocumentIterations = 2;
        test.NumberOfFixAllIterations = 1;
        return test.RunAsync();
    }
}
