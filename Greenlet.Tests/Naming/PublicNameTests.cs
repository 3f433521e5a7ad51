using System.ComponentModel;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Greenlets.Tests.Naming;

/// <summary>
/// Every public type of the runtime can be named by its simple name in a file that imports <c>Greenlets</c> next to
/// the namespaces it is commonly used with: the SDK's implicit usings, and the channel, network, text and diagnostics
/// namespaces. A gevent name that collides there takes the <c>Green</c> prefix (docs/gevent-to-csharp.md, "Naming rules").
/// The rest of docs/naming.md holds too: <c>Async</c> only where .NET dictates it, booleans named as questions, timeout
/// exceptions that are <see cref="TimeoutException"/>s, and the plumbing out of the <c>Greenlets</c> namespace.
/// </summary>
[NUnit.Framework.Category(TestCategories.Unit)] // qualified: System.ComponentModel has a CategoryAttribute too
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
    public void TheRuntimeExportsTypesOnlyFromTheGreenletsNamespaceItsCompilerServicesAndItsLowLevelApi()
    {
        Assert.That(
            PublicTypes().Select(type => type.Namespace).Distinct(),
            Is.EquivalentTo(new[] { "Greenlets", "Greenlets.CompilerServices", "Greenlets.LowLevel" }));
    }

    [Test]
    public void EveryPublicTypeIsUnambiguousNextToTheCommonlyImportedNamespaces()
    {
        var types = PublicTypes().ToList();
        var source = new StringBuilder();
        foreach (var ns in s_coImported.Append("Greenlets").Append("Greenlets.CompilerServices").Append("Greenlets.LowLevel"))
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

    /// <summary>The names .NET dictates (docs/naming.md, rule 1): every other awaitable is an <c>…Awaitable</c>.</summary>
    private static readonly HashSet<string> s_dictatedAsyncNames = ["DisposeAsync", "GetAsyncEnumerator", "MoveNextAsync"];

    /// <summary>Settable socket options named after the option they set, as <see cref="System.Net.Sockets.Socket.NoDelay"/> is.</summary>
    private static readonly HashSet<string> s_socketOptions =
        ["GreenSocket.NoDelay", "GreenSocket.ReuseAddress", "GreenSocket.ReusePort", "ZmqSocket.Immediate"];

    private const BindingFlags Declared = BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    private static IEnumerable<Type> AllPublicTypes() =>
        typeof(Greenlet).Assembly.GetExportedTypes().OrderBy(type => type.FullName, StringComparer.Ordinal);

    // An override of a framework member (Stream.ReadAsync, Stream.CanTimeout) has the name .NET gave it: not ours to judge.
    private static IEnumerable<MemberInfo> PublicMembers() =>
        AllPublicTypes().SelectMany(type => type.GetMembers(Declared))
            .Where(member => member is not MethodInfo { IsSpecialName: true } && !OverridesFrameworkMember(member));

    private static bool OverridesFrameworkMember(MemberInfo member)
    {
        var method = member switch
        {
            MethodInfo m => m,
            PropertyInfo p => p.GetMethod ?? p.SetMethod,
            _ => null,
        };
        return method is not null && method.GetBaseDefinition().DeclaringType!.Assembly != typeof(GreenDuration).Assembly;
    }

    private static string Describe(MemberInfo member) => $"{member.DeclaringType!.Name}.{member.Name}";

    private static bool IsHidden(MemberInfo member) =>
        member.GetCustomAttribute<EditorBrowsableAttribute>()?.State == EditorBrowsableState.Never;

    [Test]
    public void OnlyNamesThatDotNetDictatesEndInAsync()
    {
        var asyncNames = PublicMembers().Where(member => member.Name.EndsWith("Async", StringComparison.Ordinal)).ToList();
        var offending = asyncNames.Where(member => !s_dictatedAsyncNames.Contains(member.Name)).Select(Describe).Distinct();

        Assert.That(asyncNames, Is.Not.Empty, "the walk sees the await-foreach members");
        Assert.That(offending, Is.Empty);
    }

    [Test]
    public void EveryAwaitableFormIsHiddenFromCompletion()
    {
        var forms = PublicMembers().OfType<MethodInfo>().Where(method => method.Name.EndsWith("Awaitable", StringComparison.Ordinal)).ToList();

        Assert.That(forms, Has.Count.GreaterThan(50), "the walk found the awaitable forms");
        Assert.That(forms.Where(method => !IsHidden(method)).Select(Describe).Distinct(), Is.Empty);
    }

    [Test]
    public void PublicBooleansAreNamedAsQuestions()
    {
        var booleans = PublicMembers().OfType<PropertyInfo>().Where(property => property.PropertyType == typeof(bool)).ToList();
        var offending = booleans
            .Where(property => !(property.Name.StartsWith("Is", StringComparison.Ordinal) || property.Name.StartsWith("Has", StringComparison.Ordinal)
                || property.Name.StartsWith("Can", StringComparison.Ordinal)))
            .Select(Describe)
            .Where(name => !s_socketOptions.Contains(name));

        Assert.That(booleans, Has.Count.GreaterThan(20), "the walk found the boolean properties");
        Assert.That(offending, Is.Empty);
    }

    [Test]
    public void EveryTimeoutExceptionIsATimeoutException()
    {
        var timeouts = AllPublicTypes().Where(type => typeof(Exception).IsAssignableFrom(type) && type.Name.Contains("Timeout", StringComparison.Ordinal)).ToList();

        Assert.That(timeouts.Select(type => type.Name), Is.SupersetOf(new[] { "GreenTimeout", "SocketTimeoutException", "ZmqTimeoutException" }));
        Assert.That(timeouts.Where(type => !typeof(TimeoutException).IsAssignableFrom(type)).Select(type => type.Name), Is.Empty);
    }

    /// <summary>
    /// The HTTP server's limits, a record of settings its connection code reads as <see cref="TimeSpan"/>s; they are
    /// not waits a caller passes, and take a <see cref="GreenDuration"/> when that code is next reworked.
    /// </summary>
    private static readonly HashSet<string> s_timeSpanSettings =
        ["HttpLimits.HeaderReadTimeout", "HttpLimits.KeepAliveTimeout", "HttpLimits.BodyIoTimeout", "HttpLimits.LingeringCloseTimeout"];

    private static bool IsTimeoutName(string name) =>
        name == "timeout" || name.EndsWith("Timeout", StringComparison.Ordinal);

    private static bool IsDuration(Type type) => type == typeof(GreenDuration?) || type == typeof(GreenDuration);

    [Test]
    public void EveryTimeoutIsAGreenDuration()
    {
        var parameters = PublicMembers().OfType<MethodBase>()
            .Concat(AllPublicTypes().SelectMany(type => type.GetConstructors()))
            .SelectMany(method => method.GetParameters().Where(p => IsTimeoutName(p.Name!)).Select(p => (Method: method, Parameter: p)))
            .ToList();
        var properties = PublicMembers().OfType<PropertyInfo>().Where(property => IsTimeoutName(property.Name)).ToList();

        Assert.That(parameters, Has.Count.GreaterThan(80), "the walk found the waits with a timeout");
        Assert.That(
            parameters.Where(p => !IsDuration(p.Parameter.ParameterType) && p.Parameter.ParameterType != typeof(GreenTimeout))
                .Select(p => $"{p.Method.DeclaringType!.Name}.{p.Method.Name}({p.Parameter.ParameterType.Name} {p.Parameter.Name})").Distinct(),
            Is.Empty,
            "a timeout takes seconds and TimeSpans through one GreenDuration? (docs/naming.md, rule 6), or is a GreenTimeout");
        Assert.That(properties.Select(Describe), Is.SupersetOf(new[] { "GreenSocket.Timeout", "ZmqSocket.ReceiveTimeout", "StreamServer.StopTimeout" }));
        Assert.That(
            properties.Where(property => !IsDuration(property.PropertyType) && !s_timeSpanSettings.Contains(Describe(property))).Select(Describe),
            Is.Empty);
    }

    [Test]
    public void EveryDelayIsAGreenDurationToo()
    {
        // A duration that is not a timeout (Sleep's, StartLater's, SpawnLater's) is written both ways as well. An
        // exception's seconds report what happened, and GreenDuration's own factories are where the seconds come in.
        var delays = PublicMembers().OfType<MethodBase>()
            .Where(method => method.DeclaringType != typeof(GreenDuration) && !typeof(Exception).IsAssignableFrom(method.DeclaringType))
            .SelectMany(method => method.GetParameters()
                .Where(p => p.Name is "seconds" or "delay" or "duration")
                .Select(p => (Method: method, Parameter: p)))
            .ToList();

        Assert.That(delays.Select(d => d.Method.Name), Does.Contain("Sleep").And.Contain("SpawnLater").And.Contain("StartLater"));
        Assert.That(
            delays.Where(d => !IsDuration(d.Parameter.ParameterType))
                .Select(d => $"{d.Method.DeclaringType!.Name}.{d.Method.Name}({d.Parameter.ParameterType.Name} {d.Parameter.Name})").Distinct(),
            Is.Empty,
            "a delay takes seconds and TimeSpans through one GreenDuration (docs/naming.md, rule 6)");
    }

    [Test]
    public void NoMethodHasASecondsAndATimeSpanOverloadPair()
    {
        static bool IsTime(Type type) => type == typeof(TimeSpan) || type == typeof(TimeSpan?);
        static bool IsSeconds(Type type) => type == typeof(double) || type == typeof(double?);

        var pairs = AllPublicTypes()
            .Where(type => type != typeof(GreenDuration)) // its conversions are what lets every other method take both
            .SelectMany(type => type.GetMethods(Declared).Concat<MethodBase>(type.GetConstructors()))
            .GroupBy(method => (method.DeclaringType, method.Name))
            .Where(overloads => overloads.Any(o => o.GetParameters().Any(p => IsTime(p.ParameterType)))
                && overloads.Any(o => o.GetParameters().Any(p => IsSeconds(p.ParameterType))))
            .Select(overloads => $"{overloads.Key.DeclaringType!.Name}.{overloads.Key.Name}");

        Assert.That(pairs, Is.Empty, "one GreenDuration parameter takes both, and keeps timeout: null unambiguous");
    }

    [Test]
    public void CompilerPlumbingLivesInCompilerServicesHidden()
    {
        static bool IsPlumbing(Type type) =>
            typeof(INotifyCompletion).IsAssignableFrom(type)
            || type.GetCustomAttribute<AsyncMethodBuilderAttribute>() is not null
            || type.GetMethod("GetAwaiter", Type.EmptyTypes) is not null
            || type.Name.StartsWith("GreenTaskBuilder", StringComparison.Ordinal)
            || (typeof(Attribute).IsAssignableFrom(type) && IsHidden(type));

        var types = AllPublicTypes().ToList();
        var compilerServices = types.Where(type => type.Namespace == "Greenlets.CompilerServices").ToList();

        Assert.That(types.Where(type => type.Namespace == "Greenlets" && IsPlumbing(type)).Select(type => type.Name), Is.Empty,
            "plumbing in the Greenlets namespace");
        Assert.That(compilerServices.Select(type => type.Name), Does.Contain("GreenTask").And.Contain("GreenAwaitable").And.Contain("TwinOverloadAttribute"));
        Assert.That(compilerServices.Where(type => !IsHidden(type)).Select(type => type.Name), Is.Empty, "plumbing users can see");
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
