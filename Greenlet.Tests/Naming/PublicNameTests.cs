using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Greenlets.Tests.Naming;

/// <summary>
/// Every public type of the runtime can be named by its simple name in a file that imports <c>Greenlets</c> next to
/// the namespaces it is commonly used with: the SDK's implicit usings, and the channel, network, text and diagnostics
/// namespaces. A gevent name that collides there takes the <c>Green</c> prefix (docs/gevent-to-csharp.md, "Naming rules").
/// </summary>
public sealed class PublicNameTests
{
    private static readonly string[] s_coImported =
    [
        // The SDK's implicit usings.
        "System", "System.IO", "System.Collections.Generic", "System.Linq", "System.Net.Http", "System.Threading",
        "System.Threading.Tasks",

        // Namespaces commonly imported in the same files.
        "System.Threading.Channels", "System.Net", "System.Net.Sockets", "System.Net.WebSockets", "System.Text",
        "System.Diagnostics",
    ];

    private static IEnumerable<Type> PublicTypes() =>
        typeof(Greenlet).Assembly.GetExportedTypes().Where(type => !type.IsNested).OrderBy(type => type.FullName, StringComparer.Ordinal);

    [Test]
    public void TheRuntimeExportsTypesOnlyFromTheGreenletsNamespaceAndItsCompilerServices()
    {
        Assert.That(PublicTypes().Select(type => type.Namespace).Distinct(), Is.EquivalentTo(new[] { "Greenlets", "Greenlets.CompilerServices" }));
    }

    [Test]
    public void EveryPublicTypeIsUnambiguousNextToTheCommonlyImportedNamespaces()
    {
        var types = PublicTypes().ToList();
        var source = new StringBuilder();
        foreach (var ns in s_coImported.Append("Greenlets").Append("Greenlets.CompilerServices"))
        {
            source.Append("using ").Append(ns).AppendLine(";");
        }

        source.AppendLine("internal static class EveryName").AppendLine("{").AppendLine("    internal static readonly System.Type[] Types =").AppendLine("    [");
        foreach (var type in types)
        {
            source.Append("        typeof(").Append(OpenName(type)).AppendLine("),");
        }

        source.AppendLine("    ];").AppendLine("}");

        var compilation = CSharpCompilation.Create(
            "PublicNames",
            [CSharpSyntaxTree.ParseText(source.ToString(), new CSharpParseOptions(LanguageVersion.Latest))],
            Basic.Reference.Assemblies.Net100.References.All.Cast<MetadataReference>()
                .Append(MetadataReference.CreateFromFile(typeof(Greenlet).Assembly.Location)),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.GetMessage()).ToList();

        Assert.That(types, Has.Count.GreaterThan(50), "the reflection walk found the runtime's types");
        Assert.That(errors, Is.Empty, "\n" + source);
    }

    /// <summary>The name as written in <c>typeof</c>: <c>GreenQueue&lt;&gt;</c>, <c>Dictionary&lt;,&gt;</c>.</summary>
    private static string OpenName(Type type)
    {
        if (!type.IsGenericTypeDefinition)
        {
            return type.Name;
        }

        var arity = type.GetGenericArguments().Length;
        return type.Name[..type.Name.IndexOf('`')] + "<" + new string(',', arity - 1) + ">";
    }
}
