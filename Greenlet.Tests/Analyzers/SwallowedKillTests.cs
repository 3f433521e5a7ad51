using Greenlets.Analyzers;
using Microsoft.CodeAnalysis.Testing;

namespace Greenlets.Tests.Analyzers;

/// <summary>
/// GRN0205: a catch clause that would swallow a kill or a timeout at a suspension point of a [Greenlet] method, which
/// gevent users never expect: there, GreenletExit and Timeout are BaseExceptions, and <c>except Exception</c> lets them by.
/// </summary>
/// <remarks>
/// The Python, run with /usr/bin/python3 (gevent 22.10.2):
/// <code>
/// log = []
/// def worker():
///     try:
///         gevent.sleep(10)
///     except Exception:
///         log.append('swallowed')
///     log.append('carried on')
/// g = gevent.spawn(worker)
/// gevent.sleep(1)
/// g.kill()
/// print('killed:', g.dead, g.successful(), repr(g.value), log)
/// def timed():
///     try:
///         with Timeout(1):
///             try:
///                 gevent.sleep(10)
///             except Exception:
///                 log.append('timeout swallowed')
///         return 'no timeout'
///     except Timeout:
///         return 'timed out'
/// log.clear()
/// print('timeout:', gevent.spawn(timed).get(), log)
/// </code>
/// printed
/// <code>
/// killed: True True GreenletExit() []
/// timeout: timed out []
/// </code>
/// </remarks>
[Category(TestCategories.Generator)]
public sealed class SwallowedKillTests
{
    private static Task Check(string source, params DiagnosticResult[] expected) =>
        new AnalyzerTest<SwallowedKillAnalyzer>(source, expected).RunAsync();

    private static DiagnosticResult Swallowed(int location, string clause, string swallowed, string at, string filter, string method = "Work") =>
        AnalyzerSetup.Diagnostic("GRN0205").WithLocation(location).WithArguments(clause, method, swallowed, at, filter);

    [Test]
    public Task CatchingExceptionOrEverythingAroundASuspensionPointIsReported() => Check("""
        public static partial class Workers
        {
            [Greenlet]
            public static void Work(GreenQueue<int> queue, int retries)
            {
                try { Greenlet.Sleep(1); } {|#0:catch (Exception)|} { }
                try { queue.Get(); } {|#1:catch|} { }
                try { Console.WriteLine("before"); Fetch(); } {|#2:catch (Exception e)|} { Console.WriteLine(e); }
                try { foreach (var item in queue) { } } {|#3:catch (Exception e) when (retries < 3)|} { }
                try { Nap(); } {|#4:catch (Exception e) when (e is not GreenletExit)|} { }
                try { Greenlet.Sleep(1); } {|#5:catch (Exception e)|} { if (e is InvalidOperationException) throw; }
                try { Greenlet.Sleep(1); } {|#6:catch (Exception e)|} { throw new InvalidOperationException("wrapped", e); }

                void Nap() => Greenlet.Sleep(1);
            }

            [Greenlet]
            private static void Fetch() { }
        }
        """,
        Swallowed(0, "catch (Exception)", "GreenletExit and GreenTimeout", "Greenlet.Sleep(1)", "e is not (GreenletExit or GreenTimeout)"),
        Swallowed(1, "catch", "GreenletExit and GreenTimeout", "queue.Get()", "e is not (GreenletExit or GreenTimeout)"),
        Swallowed(2, "catch (Exception e)", "GreenletExit and GreenTimeout", "Fetch()", "e is not (GreenletExit or GreenTimeout)"),
        Swallowed(3, "catch (Exception e)", "GreenletExit and GreenTimeout", "foreach over queue", "e is not (GreenletExit or GreenTimeout)"),
        Swallowed(4, "catch (Exception e)", "GreenTimeout", "Nap()", "e is not GreenTimeout"),
        Swallowed(5, "catch (Exception e)", "GreenletExit and GreenTimeout", "Greenlet.Sleep(1)", "e is not (GreenletExit or GreenTimeout)"),
        Swallowed(6, "catch (Exception e)", "GreenletExit and GreenTimeout", "Greenlet.Sleep(1)", "e is not (GreenletExit or GreenTimeout)"));

    [Test]
    public Task TheFilterNamesAVariableThatIsFree() => Check("""
        public static partial class Workers
        {
            [Greenlet]
            public static void Work(int e)
            {
                try { Greenlet.Sleep(e); } {|#0:catch (Exception)|} { }
            }
        }
        """,
        Swallowed(0, "catch (Exception)", "GreenletExit and GreenTimeout", "Greenlet.Sleep(e)", "exception is not (GreenletExit or GreenTimeout)"));

    [Test]
    public Task ClausesThatLetKillsAndTimeoutsThroughAreNotReported() => Check("""
        using System.IO;

        public static partial class Workers
        {
            [Greenlet]
            public static void Work(Greenlet other, GreenQueue<int> queue)
            {
                try { Greenlet.Sleep(1); } catch (Exception e) when (e is not (GreenletExit or GreenTimeout)) { }
                try { Greenlet.Sleep(1); } catch (Exception e) when (e is not GreenletExit && e is not GreenTimeout) { }
                try { Greenlet.Sleep(1); } catch (Exception e) when (!(e is GreenletExit || e is GreenTimeout)) { }
                try { Greenlet.Sleep(1); } catch (Exception e) when (e is IOException or InvalidOperationException) { }
                try { Greenlet.Sleep(1); } catch (GreenletExit) { throw; } catch (GreenTimeout) { throw; } catch (Exception) { }
                try { Greenlet.Sleep(1); } catch (Exception e) { Console.WriteLine(e); throw; }
                try { Greenlet.Sleep(1); } catch (Exception e) { if (e is GreenletExit or GreenTimeout) throw; Console.WriteLine(e); }
                try { Greenlet.Sleep(1); } catch (Exception e) { throw e; }
                try { Greenlet.Sleep(1); } catch (GreenletExit) { Console.WriteLine("killed on purpose"); }
                try { Greenlet.Sleep(1); } catch (InvalidOperationException) { }
                try { Console.WriteLine("plain"); } catch (Exception) { }
                try { other.Kill(block: false); queue.Get(block: false); } catch (Exception) { }
                Action inLambda = () => { try { Console.WriteLine(); } catch (Exception) { } };
            }

            public static void Plain()
            {
                try { Greenlet.Sleep(1); } catch (Exception) { }
            }
        }
        """);

    private static CodeFixTest<SwallowedKillAnalyzer, LetKillsThroughCodeFixProvider> Fix(string source, string fixedSource, string key) =>
        new(AnalyzerSetup.Usings + source, AnalyzerSetup.Usings + fixedSource) { CodeActionEquivalenceKey = key };

    [Test]
    public Task TheFilterFixLetsKillsAndTimeoutsThrough() => Fix("""
        public static partial class Workers
        {
            [Greenlet]
            public static void Work(int retries)
            {
                try
                {
                    Greenlet.Sleep(1);
                }
                {|GRN0205:catch (Exception)|}
                {
                    Console.WriteLine("failed");
                }

                try { Greenlet.Sleep(1); } {|GRN0205:catch|} { }

                try
                {
                    Greenlet.Sleep(1);
                }
                {|GRN0205:catch (Exception failure) when (retries < 3)|}
                {
                    Console.WriteLine(failure);
                }

                try { Greenlet.Sleep(1); } {|GRN0205:catch (Exception e) when (e is not GreenletExit)|} { }
            }
        }
        """, """
        public static partial class Workers
        {
            [Greenlet]
            public static void Work(int retries)
            {
                try
                {
                    Greenlet.Sleep(1);
                }
                catch (Exception e) when (e is not (GreenletExit or GreenTimeout))
                {
                    Console.WriteLine("failed");
                }

                try { Greenlet.Sleep(1); } catch (Exception e) when (e is not (GreenletExit or GreenTimeout)) { }

                try
                {
                    Greenlet.Sleep(1);
                }
                catch (Exception failure) when (failure is not (GreenletExit or GreenTimeout) && (retries < 3))
                {
                    Console.WriteLine(failure);
                }

                try { Greenlet.Sleep(1); } catch (Exception e) when (e is not GreenTimeout && (e is not GreenletExit)) { }
            }
        }
        """, LetKillsThroughCodeFixProvider.FilterKey).RunAsync();

    [Test]
    public Task TheRethrowFixPutsClausesBeforeTheCatchAll() => Fix("""
        public static partial class Workers
        {
            [Greenlet]
            public static void Work()
            {
                try
                {
                    Greenlet.Sleep(1);
                }
                catch (InvalidOperationException)
                {
                }
                {|GRN0205:catch (Exception e)|}
                {
                    Console.WriteLine(e);
                }
            }
        }
        """, """
        public static partial class Workers
        {
            [Greenlet]
            public static void Work()
            {
                try
                {
                    Greenlet.Sleep(1);
                }
                catch (InvalidOperationException)
                {
                }
                catch (GreenletExit)
                {
                    throw;
                }
                catch (GreenTimeout)
                {
                    throw;
                }
                catch (Exception e)
                {
                    Console.WriteLine(e);
                }
            }
        }
        """, LetKillsThroughCodeFixProvider.RethrowKey).RunAsync();

    [Test]
    public Task WithoutTheUsingTheFixNamesTheTypesInFull() => new CodeFixTest<SwallowedKillAnalyzer, LetKillsThroughCodeFixProvider>("""
        public static partial class Workers
        {
            [Greenlets.Greenlet]
            public static void Work()
            {
                try { Greenlets.Greenlet.Sleep(1); } {|GRN0205:catch (System.Exception)|} { }
            }
        }
        """, """
        public static partial class Workers
        {
            [Greenlets.Greenlet]
            public static void Work()
            {
                try { Greenlets.Greenlet.Sleep(1); } catch (System.Exception e) when (e is not (Greenlets.GreenletExit or Greenlets.GreenTimeout)) { }
            }
        }
        """) { CodeActionEquivalenceKey = LetKillsThroughCodeFixProvider.FilterKey }.RunAsync();
}
