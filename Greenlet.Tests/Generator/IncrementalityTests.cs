using System.Collections;
using System.Reflection;
using Greenlets.Generators;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace Greenlets.Tests.Generator;

/// <summary>
/// The pipeline carries only equatable data, so an edit re-runs only what it touched: an unrelated edit leaves
/// every step cached or unchanged, and editing one [Greenlet] method modifies that method's model alone.
/// </summary>
[Category(TestCategories.Generator)]
public sealed class IncrementalityTests
{
    private const string WorkersPath = "/src/Workers.cs";
    private const string ProgramPath = "/src/Program.cs";
    private const string OtherPath = "/src/Other.cs";

    private const string Other = """
        namespace Demo;

        public static class Other
        {
            public static int Three() => 3;
        }
        """;

    private const string Workers = """
        using Greenlets;

        namespace Demo;

        public static partial class Workers
        {
            [Greenlet]
            public static int First(int x)
            {
                Greenlet.Sleep(0);
                return x;
            }

            [Greenlet]
            public static int Second(int x)
            {
                Greenlet.Sleep(0);
                return x * 2;
            }
        }

        public partial class Base
        {
            [Greenlet]
            public virtual void Step() => Greenlet.Sleep(0);
        }

        public partial class Derived : Base
        {
            public override void Step() => Greenlet.Sleep(1);
        }
        """;

    private const string Program = """
        using Greenlets;

        namespace Demo;

        public static class Program
        {
            public static int Main()
            {
                var first = Greenlet.Spawn(Workers.First, 1);
                var second = Greenlet.Spawn(Workers.Second, 2);
                return first.Get() + second.Get();
            }
        }
        """;

    private static readonly string[] s_steps =
    {
        GreenletGenerator.Steps.MarkedMethods,
        GreenletGenerator.Steps.ImpliedOverrides,
        GreenletGenerator.Steps.Interceptors,
    };

    [Test]
    public void FirstRunProducesEveryTrackedStep()
    {
        var first = Run(Initial()).Results.Single();
        foreach (var step in s_steps)
        {
            Assert.That(first.TrackedSteps, Does.ContainKey(step), step);
            Assert.That(Outputs(first, step).Select(o => o.Reason), Has.All.EqualTo(IncrementalStepRunReason.New), step);
        }

        Assert.That(Outputs(first, GreenletGenerator.Steps.MarkedMethods), Has.Count.EqualTo(3));
        Assert.That(Outputs(first, GreenletGenerator.Steps.ImpliedOverrides), Has.Count.EqualTo(1));
        Assert.That(Outputs(first, GreenletGenerator.Steps.Interceptors), Has.Count.EqualTo(2));
    }

    [Test]
    public void RerunningTheSameCompilationCachesEverything() =>
        AssertNothingModified(RunTwice(compilation => compilation));

    [Test]
    public void AddingAnUnrelatedFileLeavesEveryStepCachedOrUnchanged() =>
        AssertNothingModified(RunTwice(compilation =>
            compilation.AddSyntaxTrees(GeneratorHarness.Parse("namespace Demo; public static class More { public static int Four() => 4; }", "/src/More.cs"))));

    [Test]
    public void EditingAnUnrelatedFileLeavesEveryStepCachedOrUnchanged() =>
        AssertNothingModified(RunTwice(compilation => Edit(compilation, OtherPath, "=> 3;", "=> 33;")));

    [Test]
    public void EditingTheFileWithTheSpawnSitesModifiesOnlyItsInterceptors()
    {
        var result = RunTwice(compilation => Edit(compilation, ProgramPath, "return first.Get()", "return 0 + first.Get()"));
        Assert.That(Outputs(result, GreenletGenerator.Steps.Interceptors).Select(o => o.Reason), Has.All.EqualTo(IncrementalStepRunReason.Modified),
            "an interceptor names its call site by the file's checksum");
        AssertNothingModified(result, except: GreenletGenerator.Steps.Interceptors);
    }

    [Test]
    public void EditingOneMethodBodyModifiesOnlyThatMethod()
    {
        var result = RunTwice(compilation => Edit(compilation, WorkersPath, "return x * 2;", "return x * 3;"));

        var marked = Outputs(result, GreenletGenerator.Steps.MarkedMethods);
        var modified = marked.Where(o => o.Reason == IncrementalStepRunReason.Modified).Select(o => Describe(o.Value)).ToList();
        Assert.That(modified, Has.Count.EqualTo(1).And.One.Contains("Second__Greenlet"));
        Assert.That(marked.Where(o => o.Reason != IncrementalStepRunReason.Modified).Select(o => o.Reason),
            Has.All.AnyOf(IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged));
        AssertNothingModified(result, except: GreenletGenerator.Steps.MarkedMethods);
    }

    [Test]
    public void EditingOneMethodBodyEmitsOnlyThatTypesFileAgain()
    {
        var result = RunTwice(compilation => Edit(compilation, WorkersPath, "return x * 2;", "return x * 3;"));

        var files = Outputs(result, GreenletGenerator.Steps.TwinFiles).Select(o => (((TwinFile)o.Value).HintName, o.Reason)).ToList();
        Assert.That(files.Select(f => f.HintName), Is.EquivalentTo(new[] { "Demo.Base.g.cs", "Demo.Derived.g.cs", "Demo.Workers.g.cs" }));
        Assert.That(files.Where(f => f.Reason == IncrementalStepRunReason.Modified).Select(f => f.HintName), Is.EqualTo(new[] { "Demo.Workers.g.cs" }));
        Assert.That(files.Where(f => f.HintName != "Demo.Workers.g.cs").Select(f => f.Reason),
            Has.All.AnyOf(IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged));
    }

    private const string PlainPath = "/src/Plain.cs";

    private const string Plain = """
        using System;
        using System.Collections.Generic;
        using System.Linq;
        using System.Threading.Tasks;

        namespace Demo;

        public static class Plain
        {
            public static int Busy(List<int> numbers, int seed)
            {
                numbers.ForEach(Print);
                var doubled = numbers.Select(Twice).Where(IsEven).ToList();
                Console.WriteLine(seed);
                Task.Run(Work).Wait();
                return doubled.Count + Math.Max(seed, numbers.Count);
            }

            private static void Print(int n) => Console.WriteLine(n);

            private static int Twice(int n) => n * 2;

            private static bool IsEven(int n) => n % 2 == 0;

            private static void Work() => Print(1);
        }
        """;

    [Test]
    public void OnlyCallsByATwinOverloadsNameReachTheSemanticStep()
    {
        static List<string> Candidates(string source) => GeneratorHarness.Parse(source).GetRoot().DescendantNodes()
            .Where(node => InterceptorParser.IsCandidate(node, CancellationToken.None))
            .Select(node => node.ToString())
            .ToList();

        Assert.That(Candidates(Plain), Is.Empty, "plain calls passing method groups and values are never bound");
        Assert.That(Candidates(Program), Is.EqualTo(new[] { "Greenlet.Spawn(Workers.First, 1)", "Greenlet.Spawn(Workers.Second, 2)" }));
    }

    [Test]
    public void AFileThatSpellsNoTwinOverloadNorOverrideIsNeverWalked()
    {
        static bool MayHold(string source) => CandidateFiles.MayHoldCandidates(GeneratorHarness.Parse(source), CancellationToken.None);

        Assert.That(MayHold(Plain), Is.False, "plain code: its syntax is never walked");
        Assert.That(MayHold(Other), Is.False);
        Assert.That(MayHold(Program), Is.True, "Greenlet.Spawn(...)");
        Assert.That(MayHold(Workers), Is.True, "public override void Step()");
        Assert.That(MayHold("class C { void Spawner() { } int MapCount; void f() => Create_(); }"), Is.False, "only whole words count");
        Assert.That(MayHold("class C { void TrySpawn() { } int NoMap; string Overridden; }"), Is.False, "nor the end of a longer word");
        Assert.That(MayHold(new string(' ', 8190) + "Spawn(Work);"), Is.True, "a word across the search's chunks");
        Assert.That(MayHold("class C { void F() => Greenlet.Sp\\u0061wn(G); }"), Is.True, "a name spelled with a Unicode escape");
        Assert.That(MayHold("class C { void F() => Greenlet.Spa\u00ADwn(G); }"), Is.True, "a name with a soft hyphen, which the compiler ignores");
    }

    [Test]
    public void AKeystrokeInPlainCodeDoesNoSemanticWork()
    {
        var compilation = Initial().AddSyntaxTrees(GeneratorHarness.Parse(Plain, PlainPath));
        var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);
        var result = driver.RunGenerators(Edit(compilation, PlainPath, "Console.WriteLine(seed);", "Console.WriteLine(seed + 1);")).GetRunResult().Results.Single();

        Assert.That(Outputs(result, GreenletGenerator.Steps.InterceptorCandidates).Select(o => o.Reason),
            Has.All.AnyOf(IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged), "no candidate in the edited file, so no transform ran");
        AssertNothingModified(result);
        Assert.That(Outputs(result, GreenletGenerator.Steps.TwinFiles).Select(o => o.Reason),
            Has.All.AnyOf(IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged));
    }

    [Test]
    public void TheSyntaxFilterKnowsEveryTwinOverloadOfTheRuntime()
    {
        var names = typeof(Greenlet).Assembly.GetTypes()
            .SelectMany(type => type.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            .Where(method => method.GetCustomAttributes().Any(a => a.GetType().Name == "TwinOverloadAttribute"))
            .Select(method => method.Name)
            .ToHashSet();

        // KnownNames is compiled into the analyzers too: read the generator's copy.
        var known = (IEnumerable<string>)typeof(GreenletGenerator).Assembly.GetType("Greenlets.Generators.KnownNames")!
            .GetField("TwinOverloadMethods")!.GetValue(null)!;

        Assert.That(names, Is.Not.Empty);
        Assert.That(known, Is.EquivalentTo(names));
    }

    [Test]
    public void StepOutputsHoldOnlyPlainData()
    {
        var result = Run(Initial()).Results.Single();
        foreach (var step in s_steps)
        {
            foreach (var (value, _) in Outputs(result, step))
            {
                Assert.That(ModelGraph.RoslynObjectsIn(value, step), Is.Empty);
            }
        }
    }

    [Test]
    public void ThePlainDataCheckFindsRoslynObjects()
    {
        // The walker must find what it is meant to catch, or the test above proves nothing.
        var tree = GeneratorHarness.Parse("class C { }");
        Assert.That(ModelGraph.RoslynObjectsIn(new { Tree = tree }, "sample"), Is.Not.Empty);
        Assert.That(ModelGraph.RoslynObjectsIn(new[] { tree.GetRoot() }, "sample"), Is.Not.Empty);
        Assert.That(ModelGraph.RoslynObjectsIn(tree.GetRoot().GetLocation(), "sample"), Is.Not.Empty);
        Assert.That(ModelGraph.RoslynObjectsIn(new { Span = new TextSpan(1, 2), Text = "x" }, "sample"), Is.Empty);
    }

    private static CSharpCompilation Initial() => GeneratorHarness.CreateCompilation(new[]
    {
        GeneratorHarness.Parse(Workers, WorkersPath),
        GeneratorHarness.Parse(Program, ProgramPath),
        GeneratorHarness.Parse(Other, OtherPath),
    });

    private static CSharpCompilation Edit(CSharpCompilation compilation, string path, string find, string replace)
    {
        var tree = compilation.SyntaxTrees.Single(t => t.FilePath == path);
        var text = tree.GetText();
        var at = text.ToString().IndexOf(find, StringComparison.Ordinal);
        Assert.That(at, Is.GreaterThanOrEqualTo(0), find);
        return compilation.ReplaceSyntaxTree(tree, tree.WithChangedText(text.Replace(new TextSpan(at, find.Length), replace)));
    }

    private static GeneratorDriverRunResult Run(Compilation compilation) =>
        GeneratorHarness.CreateDriver().RunGenerators(compilation).GetRunResult();

    /// <summary>Runs the generator on the initial compilation, then on the edited one, with the same driver.</summary>
    private static GeneratorRunResult RunTwice(Func<CSharpCompilation, CSharpCompilation> edit)
    {
        var compilation = Initial();
        var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);
        driver = driver.RunGenerators(edit(compilation));
        return driver.GetRunResult().Results.Single();
    }

    private static List<(object Value, IncrementalStepRunReason Reason)> Outputs(GeneratorRunResult result, string step) =>
        result.TrackedSteps.TryGetValue(step, out var runs) ? runs.SelectMany(r => r.Outputs).ToList() : new();

    private static void AssertNothingModified(GeneratorRunResult result, string? except = null)
    {
        foreach (var step in s_steps.Where(s => s != except))
        {
            var outputs = Outputs(result, step);
            Assert.That(outputs, Is.Not.Empty, step);
            Assert.That(outputs.Select(o => $"{o.Reason}: {Describe(o.Value)}"),
                Has.All.StartsWith(nameof(IncrementalStepRunReason.Cached)).Or.StartsWith(nameof(IncrementalStepRunReason.Unchanged)), step);
        }
    }

    private static string Describe(object value) => value switch
    {
        TwinResult { Twin: { } twin } => twin.Signature,
        InterceptorModel site => site.Body,
        _ => value.ToString() ?? "",
    };
}

/// <summary>Walks an object graph by reflection and lists what is not plain, comparable data.</summary>
internal static class ModelGraph
{
    private static readonly HashSet<Type> s_roslynValues = new() { typeof(TextSpan), typeof(LinePosition), typeof(LinePositionSpan) };

    /// <summary>Paths to the Roslyn objects (symbols, syntax, compilations, locations) and delegates held in the graph.</summary>
    public static List<string> RoslynObjectsIn(object root, string rootPath)
    {
        var found = new List<string>();
        var seen = new HashSet<object>(ReferenceEqualityComparer.Instance);
        var pending = new Stack<(object Value, string Path)>();
        pending.Push((root, rootPath));
        while (pending.Count > 0)
        {
            var (value, path) = pending.Pop();
            var type = value.GetType();
            if (type.IsPrimitive || type.IsEnum || value is string || s_roslynValues.Contains(type) || (!type.IsValueType && !seen.Add(value)))
            {
                continue;
            }

            if (type.Namespace?.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal) == true || value is Delegate)
            {
                found.Add($"{path}: {type.FullName}");
                continue;
            }

            if (value is IEnumerable items)
            {
                var index = 0;
                foreach (var item in items)
                {
                    if (item is not null)
                    {
                        pending.Push((item, $"{path}[{index}]"));
                    }

                    index++;
                }

                continue;
            }

            foreach (var field in type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
            {
                if (field.GetValue(value) is { } child)
                {
                    pending.Push((child, $"{path}.{field.Name}"));
                }
            }
        }

        return found;
    }
}
