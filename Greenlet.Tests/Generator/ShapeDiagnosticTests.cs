namespace Greenlets.Tests.Generator;

/// <summary>
/// Errors about the shape of a [Greenlet] method or its type (GRN0001, 0004, 0005, 0006, 0008, 0009, 0010):
/// each case reports exactly one error on the construct to change, and a close variant that is fine reports nothing.
/// </summary>
[Category(TestCategories.Generator)]
public sealed class ShapeDiagnosticTests
{
    [Test]
    public void GRN0001_NonPartialType()
    {
        var diagnostic = DiagnosticHarness.ExpectOne("GRN0001", """
            public static class [|Workers|]
            {
                [Greenlet]
                public static void Work() => Greenlet.Sleep(0);
            }
            """);
        Assert.That(diagnostic.GetMessage(), Does.Contain("'Workers' must be partial").And.Contain("'Work'"));
    }

    [Test]
    public void GRN0001_NestedTypeInNonPartialOuterType()
    {
        DiagnosticHarness.ExpectOne("GRN0001", """
            public class [|Outer|]
            {
                public partial class Inner
                {
                    [Greenlet]
                    public static void Work() => Greenlet.Sleep(0);
                }
            }
            """);
    }

    [Test]
    public void GRN0001_PartialTypesAreFine() => DiagnosticHarness.ExpectNone("""
        public partial class Outer
        {
            public partial class Inner
            {
                [Greenlet]
                public static void Work() => Greenlet.Sleep(0);
            }

            // Plain methods of a non-partial type need nothing.
            public class Plain
            {
                public static void Work() => Greenlet.Sleep(0);
            }
        }
        """);

    [TestCase("ref int count")]
    [TestCase("out int count")]
    [TestCase("in int count")]
    [TestCase("ref readonly int count")]
    public void GRN0004_ByRefParameter(string parameter)
    {
        var body = parameter.StartsWith("out", StringComparison.Ordinal) ? "count = 0; Greenlet.Sleep(0);" : "Greenlet.Sleep(count);";
        var diagnostic = DiagnosticHarness.ExpectOne("GRN0004", $$"""
            public static partial class Workers
            {
                [Greenlet]
                public static void Work(string name, [|{{parameter}}|]) { {{body}} }
            }
            """);
        Assert.That(diagnostic.GetMessage(), Does.Contain("'Work'").And.Contain("'count'"));
    }

    [Test]
    public void GRN0004_ValueParametersAreFine() => DiagnosticHarness.ExpectNone("""
        public static partial class Workers
        {
            [Greenlet]
            public static int Work(string name, int count = 1, params int[] more)
            {
                Greenlet.Sleep(0);
                return count + more.Length + name.Length;
            }
        }
        """);

    [Test]
    public void GRN0005_Iterator()
    {
        DiagnosticHarness.ExpectOne("GRN0005", """
            using System.Collections.Generic;

            public static partial class Workers
            {
                [Greenlet]
                public static IEnumerable<int> Numbers()
                {
                    Greenlet.Sleep(0);
                    [|yield return 1;|]
                    yield return 2;
                }
            }
            """);
    }

    [Test]
    public void GRN0005_IteratorInsideALocalFunctionOrListIsFine() => DiagnosticHarness.ExpectNone("""
        using System.Collections.Generic;

        public static partial class Workers
        {
            [Greenlet]
            public static List<int> Numbers()
            {
                Greenlet.Sleep(0);
                return new List<int>(Local());

                static IEnumerable<int> Local()
                {
                    yield return 1;
                }
            }
        }
        """);

    [Test]
    public void GRN0006_InstanceMethodOfMutableStruct()
    {
        var diagnostic = DiagnosticHarness.ExpectOne("GRN0006", """
            public partial struct Counter
            {
                public int Count;

                [Greenlet]
                public void [|Tick|]()
                {
                    Greenlet.Sleep(0);
                    Count++;
                }
            }
            """);
        Assert.That(diagnostic.GetMessage(), Does.Contain("'Tick'").And.Contain("'Counter'"));
    }

    [Test]
    public void GRN0006_ReadonlyStructsReadonlyMembersAndStaticMethodsAreFine() => DiagnosticHarness.ExpectNone("""
        public readonly partial struct Frozen
        {
            public readonly int Count;

            [Greenlet]
            public int Read()
            {
                Greenlet.Sleep(0);
                return Count;
            }
        }

        public partial struct Counter
        {
            public int Count;

            [Greenlet]
            public readonly int Read()
            {
                Greenlet.Sleep(0);
                return Count;
            }

            [Greenlet]
            public static int Make()
            {
                Greenlet.Sleep(0);
                return 1;
            }
        }
        """);

    [Test]
    public void GRN0008_FileLocalType()
    {
        DiagnosticHarness.ExpectOne("GRN0008", """
            file static partial class [|Workers|]
            {
                [Greenlet]
                public static void Work() => Greenlet.Sleep(0);
            }
            """);
    }

    [Test]
    public void GRN0008_InternalTypeIsFine() => DiagnosticHarness.ExpectNone("""
        internal static partial class Workers
        {
            [Greenlet]
            public static void Work() => Greenlet.Sleep(0);
        }
        """);

    [Test]
    public void GRN0009_UnsafeModifier()
    {
        DiagnosticHarness.ExpectOne("GRN0009", """
            public static partial class Workers
            {
                [Greenlet]
                public static [|unsafe|] int Work(int[] values)
                {
                    Greenlet.Sleep(0);
                    return values.Length;
                }
            }
            """, allowUnsafe: true);
    }

    [Test]
    public void GRN0009_UnsafeBlock()
    {
        DiagnosticHarness.ExpectOne("GRN0009", """
            public static partial class Workers
            {
                [Greenlet]
                public static int Work(int value)
                {
                    Greenlet.Sleep(0);
                    [|unsafe
                    {
                        int* p = &value;
                        return *p;
                    }|]
                }
            }
            """, allowUnsafe: true);
    }

    [Test]
    public void GRN0009_UnsafeCodeInAPlainHelperIsFine() => DiagnosticHarness.ExpectNone("""
        public static partial class Workers
        {
            [Greenlet]
            public static int Work(int value)
            {
                Greenlet.Sleep(0);
                return Read(value);
            }

            private static unsafe int Read(int value)
            {
                int* p = &value;
                return *p;
            }
        }
        """, allowUnsafe: true);

    [Test]
    public void GRN0010_AsyncMethod()
    {
        var diagnostic = DiagnosticHarness.ExpectOne("GRN0010", """
            public static partial class Workers
            {
                [Greenlet]
                public static [|async|] System.Threading.Tasks.Task Work() => await System.Threading.Tasks.Task.Yield();
            }
            """);
        Assert.That(diagnostic.GetMessage(), Does.Contain("'Work'").And.Contain("already async"));
    }

    [Test]
    public void GRN0010_RefReturn()
    {
        DiagnosticHarness.ExpectOne("GRN0010", """
            public static partial class Workers
            {
                private static int s_value;

                [Greenlet]
                public static [|ref int|] Work() => ref s_value;
            }
            """);
    }

    [Test]
    public void GRN0010_RefStructReturnAndParameter()
    {
        DiagnosticHarness.ExpectOne("GRN0010", """
            public static partial class Workers
            {
                [Greenlet]
                public static [|System.Span<int>|] Work(int[] values) => values;
            }
            """);
        DiagnosticHarness.ExpectOne("GRN0010", """
            public static partial class Workers
            {
                [Greenlet]
                public static int Work([|System.ReadOnlySpan<int> values|]) => values.Length;
            }
            """);
    }

    [Test]
    public void GRN0010_ExplicitInterfaceImplementation()
    {
        DiagnosticHarness.ExpectOne("GRN0010", """
            public interface IWorker
            {
                void Work();
            }

            public partial class Worker : IWorker
            {
                [Greenlet]
                void IWorker.[|Work|]() => Greenlet.Sleep(0);
            }
            """);
    }

    [Test]
    public void GRN0010_ExternMethodWithoutBody()
    {
        DiagnosticHarness.ExpectOne("GRN0010", """
            public static partial class Workers
            {
                [Greenlet]
                [System.Runtime.InteropServices.DllImport("libc")]
                public static extern int [|getpid|]();
            }
            """);
    }

    [Test]
    public void GRN0010_ImplicitInterfaceImplementationAndMemoryAreFine() => DiagnosticHarness.ExpectNone("""
        public interface IWorker
        {
            int Work(System.ReadOnlyMemory<int> values);
        }

        public partial class Worker : IWorker
        {
            [Greenlet]
            public int Work(System.ReadOnlyMemory<int> values)
            {
                Greenlet.Sleep(0);
                return values.Length;
            }
        }
        """);
}
