extern alias Generators;

using Greenlets.Generators;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using BindingClassifier = Generators::Greenlets.Generators.CallClassifier;

namespace Greenlets.Tests.Generator;

/// <summary>
/// The generator classifies <c>receiver.Name(…)</c> by lookup where every method the name reaches agrees
/// (<see cref="LookupClassifier"/>); where it does, it must say what binding the call says, or a twin would differ.
/// </summary>
[Category(TestCategories.Generator)]
public sealed class LookupClassifierTests
{
    private const string Source = """
        using Greenlets;

        public class Base { [Greenlet] public virtual int Run() => 1; }
        public class Derived : Base { [Greenlet] public override int Run() => 2; }
        public class Other { public void Set() { } public void Put(int n) { } public void Take(int n) { } public void Take(string s) { } }
        public static class Extensions { public static int Get(this Other other) => 0; }

        public static partial class Code
        {
            private static readonly GreenQueue<int> s_queue = new();
            private static Other Helper { get; } = new();
            private static Other Other { get; } = new();

            [Greenlet] public static int Work(int n) => n;
            [Greenlet] public static int Work(string s) => 0;
            public static int Mixed(int n) => n;
            [Greenlet] public static int Mixed(string s) => 0;
            public static int Plain(int n) => n;
            public static T Generic<T>(T value) => value;

            [Greenlet]
            public static void Body(GreenQueue<int> queue, Derived derived, Event Event, Other other, Other shadowed)
            {
                Greenlet.Sleep(0);
                queue.Put(1);
                queue.Get();
                Code.Work(1);
                Code.Plain(1);
                other.Set();
                other.Take(1);
                derived.Run();
                Event.Set();
                var local = queue;
                local.Get();
                Code.Generic(1);
                Code.Mixed(1);
                other.Get();
                Code.Plain(1, 2);
                s_queue.Get();
                Helper.Take(1);
                Other.Set();
                System.Action<GreenQueue<int>> shadowing = shadowed => shadowed.Put(2);
            }
        }
        """;

    [TestCase("Greenlet.Sleep(0)", true, TestName = "a static cooperative operation")]
    [TestCase("queue.Put(1)", true, TestName = "a cooperative operation on a parameter of a generic type")]
    [TestCase("queue.Get()", true, TestName = "a cooperative operation with overloads")]
    [TestCase("Code.Work(1)", true, TestName = "overloaded [Greenlet] methods")]
    [TestCase("Code.Plain(1)", true, TestName = "a plain static method")]
    [TestCase("other.Set()", true, TestName = "a plain instance method")]
    [TestCase("other.Take(1)", true, TestName = "plain overloads")]
    [TestCase("s_queue.Get()", true, TestName = "a cooperative operation on a field")]
    [TestCase("Helper.Take(1)", true, TestName = "plain overloads on a property")]
    [TestCase("Other.Set()", false, TestName = "a property named as its type")]
    [TestCase("derived.Run()", false, TestName = "an override binds to the method it overrides")]
    [TestCase("Event.Set()", false, TestName = "a name that is both the parameter and its type")]
    [TestCase("local.Get()", false, TestName = "a local, whose type may need its initializer")]
    [TestCase("Code.Generic(1)", false, TestName = "a generic method")]
    [TestCase("Code.Mixed(1)", false, TestName = "overloads that disagree")]
    [TestCase("other.Get()", false, TestName = "an extension method")]
    [TestCase("Code.Plain(1, 2)", false, TestName = "no overload takes the arguments")]
    [TestCase("shadowed.Put(2)", false, TestName = "a lambda's parameter that hides the method's")]
    public void LooksUpOnlyWhereEveryMethodAgreesAndThenSaysWhatBindingSays(string call, bool isLookedUp)
    {
        var tree = CSharpSyntaxTree.ParseText(Source);
        var compilation = CSharpCompilation.Create(
            "Lookup",
            [tree],
            Basic.Reference.Assemblies.Net100.References.All.Append(MetadataReference.CreateFromFile(typeof(Greenlet).Assembly.Location)),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        var model = compilation.GetSemanticModel(tree);
        var invocation = tree.GetRoot().DescendantNodes().OfType<InvocationExpressionSyntax>().Single(i => i.ToString() == call);

        var method = tree.GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>().Single(m => m.Identifier.Text == "Body");
        var symbol = model.GetDeclaredSymbol(method)!;
        var scan = BodyScan.Of(method.Body!, [.. symbol.Parameters.Select(p => p.Name)]);

        var lookedUp = LookupClassifier.For(compilation).Classify(invocation, symbol, scan.DeclaredNames, model, default);
        var bound = BindingClassifier.Classify(invocation, model, [], default);

        Assert.That(lookedUp.HasValue, Is.EqualTo(isLookedUp));
        if (lookedUp is { } found)
        {
            Assert.That((found.Kind, found.NewName), Is.EqualTo((bound.Kind, bound.NewName)));
        }
    }
}
