using Greenlets.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;

namespace Greenlets.Tests.Analyzers;

[Category(TestCategories.Generator)]
public sealed class GreenLockCodeFixTests
{
    private static CodeFixTest<BlockingCallAnalyzer, GreenSemaphoreCodeFixProvider> SemaphoreFix(string source, string fixedSource) =>
        new(AnalyzerSetup.Usings + source, AnalyzerSetup.Usings + fixedSource) { CodeActionEquivalenceKey = GreenSemaphoreCodeFixProvider.Key };

    [Test]
    public Task AFieldSemaphoreBecomesGreenAndItsWaitsAcquire() => SemaphoreFix("""
        public partial class Pool
        {
            private readonly SemaphoreSlim _gate = new SemaphoreSlim(2);
            private int _inUse;

            [Greenlet]
            public void Use()
            {
                {|GRN0100:_gate.Wait()|};
                _inUse++;
                Greenlet.Sleep(0.1);
                _inUse--;
                this._gate.Release();
            }
        }
        """, """
        public partial class Pool
        {
            private readonly GreenSemaphore _gate = new GreenSemaphore(2);
            private int _inUse;

            [Greenlet]
            public void Use()
            {
                _gate.Acquire();
                _inUse++;
                Greenlet.Sleep(0.1);
                _inUse--;
                this._gate.Release();
            }
        }
        """).RunAsync();

    [Test]
    public Task ALocalWhoseMaximumIsItsCountBecomesBounded() => SemaphoreFix("""
        public static partial class Workers
        {
            [Greenlet]
            public static void Worker()
            {
                var once = new SemaphoreSlim(1, 1);
                SemaphoreSlim twice = new(2, int.MaxValue);
                {|GRN0100:once.Wait()|};
                once.Release();
                {|GRN0100:twice.Wait()|};
                twice.Release();
            }
        }
        """, """
        public static partial class Workers
        {
            [Greenlet]
            public static void Worker()
            {
                var once = new BoundedSemaphore(1);
                GreenSemaphore twice = new(2);
                once.Acquire();
                once.Release();
                twice.Acquire();
                twice.Release();
            }
        }
        """).RunAsync();

    [Test]
    public Task WaitsWithATokenAcquireWithTheSameToken() => SemaphoreFix("""
        public partial class Pool
        {
            private readonly SemaphoreSlim _gate = new SemaphoreSlim(1);

            [Greenlet]
            public bool Use(CancellationToken token, int patience, TimeSpan longest)
            {
                {|GRN0100:_gate.Wait(token)|};
                _gate.Release();
                var a = {|GRN0100:_gate.Wait(250, token)|};
                var b = {|GRN0100:_gate.Wait(Timeout.Infinite, token)|};
                var c = {|GRN0100:_gate.Wait(patience, token)|};
                var d = {|GRN0100:_gate.Wait(longest, token)|};
                return a && b && c && d;
            }
        }
        """, """
        public partial class Pool
        {
            private readonly GreenSemaphore _gate = new GreenSemaphore(1);

            [Greenlet]
            public bool Use(CancellationToken token, int patience, TimeSpan longest)
            {
                _gate.Acquire(token);
                _gate.Release();
                var a = _gate.Acquire(0.25, token);
                var b = _gate.Acquire(null, token);
                var c = _gate.Acquire(TimeSpan.FromMilliseconds(patience), token);
                var d = _gate.Acquire(longest, token);
                return a && b && c && d;
            }
        }
        """).RunAsync();

    /// <summary>
    /// A timeout without a token keeps SemaphoreSlim's meaning of a negative timeout only through a TimeSpan overload
    /// the runtime does not have, and SemaphoreSlim throws for a constant below -1: such a wait, anywhere, keeps the
    /// whole semaphore as it is.
    /// </summary>
    [Test]
    public Task AWaitWithoutAnAcquireOfTheSameMeaningKeepsTheSemaphore()
    {
        const string source = """
            public partial class Pool
            {
                private readonly SemaphoreSlim _timed = new SemaphoreSlim(1);
                private readonly SemaphoreSlim _invalid = new SemaphoreSlim(1);

                [Greenlet]
                public void Use(CancellationToken token)
                {
                    {|GRN0100:_timed.Wait(token)|};
                    {|GRN0100:_timed.Wait(100)|};
                    {|GRN0100:_invalid.Wait(-2, token)|};
                }
            }
            """;
        return SemaphoreFix(source, source).RunAsync();
    }

    /// <summary>
    /// No fix where the change of type could break code this document cannot see or rewrite: a parameter, a field
    /// others can reach, a use other than Wait()/Release(), a Release whose result is read (SemaphoreSlim returns the
    /// count before, GreenSemaphore the count after), or a maximum above the initial count.
    /// </summary>
    [Test]
    public Task NoFixWhereTheSemaphoreCannotChangeTypeHere()
    {
        const string source = """
            public partial class Pool
            {
                internal readonly SemaphoreSlim Shared = new SemaphoreSlim(1);
                private readonly SemaphoreSlim _counted = new SemaphoreSlim(1);
                private readonly SemaphoreSlim _read = new SemaphoreSlim(1);
                private readonly SemaphoreSlim _roomy = new SemaphoreSlim(0, 4);

                [Greenlet]
                public int Use(SemaphoreSlim given)
                {
                    {|GRN0100:given.Wait()|};
                    {|GRN0100:Shared.Wait()|};
                    {|GRN0100:_counted.Wait()|};
                    {|GRN0100:_read.Wait()|};
                    {|GRN0100:_roomy.Wait()|};
                    return _counted.CurrentCount + _read.Release();
                }
            }
            """;
        return SemaphoreFix(source, source).RunAsync();
    }

    [Test]
    public Task FixAllRewritesEachSemaphoreOfTheDocumentOnce()
    {
        var test = SemaphoreFix("""
            public partial class Pool
            {
                private readonly SemaphoreSlim _a = new(3);
                private readonly SemaphoreSlim _b = new SemaphoreSlim(1, 1);

                [Greenlet]
                public void Use()
                {
                    {|GRN0100:_a.Wait()|};
                    {|GRN0100:_b.Wait()|};
                    _b.Release();
                    {|GRN0100:_b.Wait()|};
                    _b.Release();
                    _a.Release();
                }
            }
            """, """
            public partial class Pool
            {
                private readonly GreenSemaphore _a = new(3);
                private readonly BoundedSemaphore _b = new BoundedSemaphore(1);

                [Greenlet]
                public void Use()
                {
                    _a.Acquire();
                    _b.Acquire();
                    _b.Release();
                    _b.Acquire();
                    _b.Release();
                    _a.Release();
                }
            }
            """);
        test.NumberOfIncrementalIterations = 2; // one semaphore per fix, all its waits at once
        test.NumberOfFixAllInDocumentIterations = 1;
        test.NumberOfFixAllIterations = 1;
        return test.RunAsync();
    }

    [Test]
    public Task AGeneratedPartOfTheTypeDoesNotHideAUseButAWrittenOneDoes()
    {
        const string pool = """
            public partial class {0}
            {{
                private readonly SemaphoreSlim _gate = new SemaphoreSlim(1);

                [Greenlet]
                public void Use() {{ {1}; _gate.Release(); }}
            }}
            """;
        const string otherPart = "public partial class {0} { }";
        var test = SemaphoreFix(
            string.Format(pool, "Pool", "{|GRN0100:_gate.Wait()|}"),
            string.Format(pool, "Pool", "_gate.Acquire()").Replace("SemaphoreSlim _gate = new SemaphoreSlim(1)", "GreenSemaphore _gate = new GreenSemaphore(1)"));
        test.TestState.Sources.Add(("/0/Pool.g.cs", otherPart.Replace("{0}", "Pool")));
        test.FixedState.Sources.Add(("/0/Pool.g.cs", otherPart.Replace("{0}", "Pool")));
        var split = string.Format(pool, "Split", "{|GRN0100:_gate.Wait()|}");
        test.TestState.Sources.Add(("/0/Split.cs", AnalyzerSetup.Usings + split));
        test.TestState.Sources.Add(("/0/SplitMore.cs", otherPart.Replace("{0}", "Split")));
        test.FixedState.Sources.Add(("/0/Split.cs", AnalyzerSetup.Usings + string.Format(pool, "Split", "_gate.Wait()")));
        test.FixedState.ExpectedDiagnostics.Add(new DiagnosticResult("GRN0100", DiagnosticSeverity.Warning).WithSpan("/0/Split.cs", 10, 25, 10, 37)
            .WithArguments("SemaphoreSlim.Wait", "Use", "use GreenSemaphore, whose Acquire suspends only this greenlet"));
        test.FixedState.Sources.Add(("/0/SplitMore.cs", otherPart.Replace("{0}", "Split")));
        return test.RunAsync();
    }
}
