using Greenlets.Generators;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Greenlets.Tests.Generator;

/// <summary>
/// The generator binds only calls whose name may matter (<see cref="CallNameFilter"/>); a name it leaves out must be
/// one that never matters, or a twin would differ from its plain method.
/// </summary>
[Category(TestCategories.Generator)]
public sealed class CallNameFilterTests
{
    [Test]
    public void ACallerArgumentExpressionFromAReferencedAssemblyStillSeesTheUsersText()
    {
        var run = GeneratorHarness.Generate("""
            using System;
            using Greenlets;

            namespace Demo;

            public static partial class Check
            {
                [Greenlet]
                public static string Work(Greenlet<int> other)
                {
                    try
                    {
                        ArgumentOutOfRangeException.ThrowIfNegative(other.Get() - 5);
                        return "no throw";
                    }
                    catch (ArgumentOutOfRangeException e)
                    {
                        return e.ParamName!;
                    }
                }

                public static string Main()
                {
                    using var hub = Hub.Install(HubClock.Virtual());
                    var twin = Greenlet.Spawn(Work, Greenlet.Spawn(Three)).Get();
                    var plain = Work(Greenlet.Spawn(Three));
                    return twin + "|" + plain;
                }

                [Greenlet]
                public static int Three() => 3;
            }
            """);

        run.CompilesCleanly();
        Assert.That(run.Run("Demo.Check").Returned, Is.EqualTo("other.Get() - 5|other.Get() - 5"), "the twin passes the text written, not the rewritten await");
    }

    [Test]
    public void NamesComeFromAttributesInSourceAndMetadataAndNothingElse()
    {
        var filter = CallNameFilter.For(Compile("""
            using System.Runtime.CompilerServices;
            using Greenlets;

            static partial class Code
            {
                [Greenlet] static void Mine() { }
                static void Log(string text, [CallerMemberName] string member = "") { }
                static void Other() { }
            }
            """));

        Assert.Multiple(() =>
        {
            Assert.That(filter.MayMatter(Call("Mine()"), []), Is.True, "a [Greenlet] method of the source");
            Assert.That(filter.MayMatter(Call("Log(\"x\")"), []), Is.True, "a [CallerMemberName] method of the source");
            Assert.That(filter.MayMatter(Call("Greenlet.Sleep(1)"), []), Is.True, "a [Cooperative] method of the runtime's metadata");
            Assert.That(filter.MayMatter(Call("ArgumentNullException.ThrowIfNull(x)"), []), Is.True, "a [CallerArgumentExpression] method of the BCL's metadata");
            Assert.That(filter.MayMatter(Call("Other()"), []), Is.False, "a plain method");
            Assert.That(filter.MayMatter(Call("Console.WriteLine(1)"), []), Is.False, "a plain BCL method");
            Assert.That(filter.MayMatter(Call("Other()"), ["Other"]), Is.True, "a local function that may suspend");
            Assert.That(filter.MayMatter(Call("actions[0]()"), []), Is.True, "a call the syntax does not name");
        });
    }

    [TestCase("delegate void Traced(string text, [System.Runtime.CompilerServices.CallerMemberName] string member = \"\");", TestName = "a delegate type with a caller-info parameter")]
    [TestCase("using Spawnable = Greenlets.GreenletAttribute;", TestName = "an alias for the attribute")]
    public void WhereANameCannotSayEveryCallIsBound(string declaration)
    {
        var filter = CallNameFilter.For(Compile(declaration + "\nstatic class Code { static void Other() { } }"));
        Assert.That(filter.MayMatter(Call("Other()"), []), Is.True);
    }

    private static InvocationExpressionSyntax Call(string text) => (InvocationExpressionSyntax)SyntaxFactory.ParseExpression(text);

    private static CSharpCompilation Compile(string source) => CSharpCompilation.Create(
        "Filtered",
        [CSharpSyntaxTree.ParseText(source)],
        Basic.Reference.Assemblies.Net100.References.All.Append(MetadataReference.CreateFromFile(typeof(Greenlet).Assembly.Location)));
}
