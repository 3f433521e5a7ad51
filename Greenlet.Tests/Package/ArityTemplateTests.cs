using System.Reflection;
using System.Xml.Linq;
using Greenlets.Analyzers;
using Greenlets.Engineering;

namespace Greenlets.Tests.Package;

/// <summary>
/// The arity overloads (Greenlet.Spawn, SpawnLater, Create; Group.Spawn, Apply, ApplyAsGreenlet) come from one template,
/// eng/ArityGenerator/ArityTemplate.cs, compiled into this assembly too: the files checked in are what it writes, every
/// family covers the same argument counts, and every overload's documentation is whole.
/// </summary>
[Category(TestCategories.Unit)]
public sealed class ArityTemplateTests
{
    private static readonly (Type Type, string[] Names)[] s_families =
    [
        (typeof(Greenlet), ["Spawn", "SpawnTwin", "SpawnLater", "SpawnLaterTwin", "Create", "CreateTwin"]),
        (typeof(Group), ["Spawn", "SpawnTwin", "SpawnAwaitable", "Apply", "ApplyTwinAwaitable", "ApplyAsGreenlet", "ApplyAsGreenletTwin"]),
    ];

    [Test]
    public void TheCheckedInOverloadsAreWhatTheTemplateWrites()
    {
        var folder = Directory.CreateTempSubdirectory("arity-");
        try
        {
            var files = ArityTemplate.Render();
            foreach (var file in files)
            {
                var written = Path.Combine(folder.FullName, file.Path);
                Directory.CreateDirectory(Path.GetDirectoryName(written)!);
                File.WriteAllText(written, file.Text);
            }

            var stale = new List<string>();
            foreach (var file in files)
            {
                var checkedIn = Path.Combine(RepositoryFiles.Root, file.Path);
                if (!File.Exists(checkedIn) || File.ReadAllText(checkedIn).ReplaceLineEndings("\n") != File.ReadAllText(Path.Combine(folder.FullName, file.Path)))
                {
                    stale.Add(file.Path);
                }
            }

            Assert.That(stale, Is.Empty, $"These files differ from what eng/ArityGenerator writes; regenerate them with `{ArityTemplate.Command}` from the repository root and check them in.");
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Test]
    public void NoArityFileIsLeftOverThatTheTemplateNoLongerWrites()
    {
        var written = ArityTemplate.Render().Select(file => file.Path).ToHashSet();
        var onDisk = Directory.EnumerateFiles(Path.Combine(RepositoryFiles.Root, "Greenlet.Runtime"), "*.Arity.cs", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(RepositoryFiles.Root, path).Replace('\\', '/'));

        Assert.That(onDisk, Is.EquivalentTo(written), $"Delete what the template no longer writes, or run `{ArityTemplate.Command}`.");
    }

    [Test]
    public void EveryFamilyTakesZeroToSixArgumentsForFunctionsAndActionsAlike()
    {
        var expected = Enumerable.Range(0, ArityTemplate.MaxArguments + 1).ToList();
        Assert.Multiple(() =>
        {
            foreach (var (type, names) in s_families)
            {
                foreach (var name in names)
                {
                    var overloads = type.GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.Instance)
                        .Where(method => method.Name == name && FunctionParameter(method) is not null)
                        .ToList();
                    foreach (var returnsValue in new[] { true, false })
                    {
                        var counts = overloads.Where(method => ReturnsValue(method) == returnsValue)
                            .Select(method => DelegateArguments(FunctionParameter(method)!))
                            .Distinct()
                            .Order();
                        Assert.That(counts, Is.EqualTo(expected), $"{type.Name}.{name}, {(returnsValue ? "functions" : "actions")}");
                    }
                }
            }
        });
    }

    [Test]
    public void TheSpawnArgumentsAnalyzerAssumesTheSameLimit()
    {
        var limit = typeof(SpawnArgumentsAnalyzer).GetField("MaxArguments", BindingFlags.NonPublic | BindingFlags.Static)!;
        Assert.That(limit.GetRawConstantValue(), Is.EqualTo(ArityTemplate.MaxArguments));
    }

    /// <summary>
    /// Each overload's XML doc is either the family's full text or an inheritdoc naming an overload whose doc has a
    /// summary and a tag for every type parameter and parameter of the inheriting one, so IntelliSense shows them all.
    /// </summary>
    [Test]
    public void EveryOverloadIsDocumentedInFullOrInheritsFromOneThatDocumentsAllItsParameters()
    {
        var docs = XDocument.Load(Path.ChangeExtension(typeof(Greenlet).Assembly.Location, ".xml"))
            .Descendants("member")
            .ToDictionary(member => (string)member.Attribute("name")!);
        var overloads = s_families.SelectMany(family => family.Type
            .GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            .Where(method => family.Names.Contains(method.Name)))
            .ToList();
        Assert.That(overloads, Has.Count.GreaterThan(100));

        var inheriting = 0;
        Assert.Multiple(() =>
        {
            foreach (var method in overloads)
            {
                var doc = docs.GetValueOrDefault(DocumentationId(method));
                Assert.That(doc, Is.Not.Null, DocumentationId(method));
                if (doc?.Element("inheritdoc") is { } inherit)
                {
                    inheriting++;
                    doc = docs.GetValueOrDefault((string)inherit.Attribute("cref")!);
                    Assert.That(doc?.Element("inheritdoc"), Is.Null, $"{DocumentationId(method)} inherits from an overload that inherits");
                }

                Assert.That(doc?.Element("summary")?.Value, Is.Not.Null.And.Not.Empty, DocumentationId(method));
                var parameters = doc?.Elements("param").Select(p => (string)p.Attribute("name")!).ToList() ?? [];
                var typeParameters = doc?.Elements("typeparam").Select(p => (string)p.Attribute("name")!).ToList() ?? [];
                Assert.That(method.GetParameters().Select(p => p.Name), Is.SubsetOf(parameters), DocumentationId(method));
                Assert.That(method.GetGenericArguments().Select(t => t.Name), Is.SubsetOf(typeParameters), DocumentationId(method));
            }
        });
        Assert.That(inheriting, Is.GreaterThan(overloads.Count * 3 / 4), "most overloads inherit their family's documentation");
    }

    private static ParameterInfo? FunctionParameter(MethodInfo method) =>
        method.GetParameters().FirstOrDefault(p => typeof(Delegate).IsAssignableFrom(p.ParameterType) && p.Name != "callback");

    private static bool ReturnsValue(MethodInfo method)
    {
        var type = FunctionParameter(method)!.ParameterType;
        if (type == typeof(Action) || (type.IsGenericType && type.Name.StartsWith("Action", StringComparison.Ordinal)))
        {
            return false;
        }

        // A twin's delegate returns GreenTask for an action, GreenTask<TResult> for a function.
        var result = type.GetGenericArguments()[^1];
        return !(result == typeof(GreenTask));
    }

    private static int DelegateArguments(ParameterInfo function)
    {
        var type = function.ParameterType;
        var arguments = type.IsGenericType ? type.GetGenericArguments().Length : 0;
        return type.Name.StartsWith("Func", StringComparison.Ordinal) ? arguments - 1 : arguments;
    }

    /// <summary>The compiler's documentation ID of a method: <c>M:Greenlets.Greenlet.Spawn``2(System.Func{``0,``1},``0)</c>.</summary>
    private static string DocumentationId(MethodInfo method)
    {
        var generic = method.IsGenericMethod ? $"``{method.GetGenericArguments().Length}" : "";
        var parameters = method.GetParameters().Select(p => TypeId(p.ParameterType)).ToList();
        return $"M:{method.DeclaringType!.FullName}.{method.Name}{generic}" + (parameters.Count == 0 ? "" : $"({string.Join(",", parameters)})");
    }

    private static string TypeId(Type type)
    {
        if (type.IsGenericMethodParameter)
        {
            return $"``{type.GenericParameterPosition}";
        }

        if (!type.IsGenericType)
        {
            return type.FullName!;
        }

        var name = type.GetGenericTypeDefinition().FullName!;
        return $"{name[..name.IndexOf('`')]}{{{string.Join(",", type.GetGenericArguments().Select(TypeId))}}}";
    }
}
