namespace Greenlets.Engineering;

/// <summary>
/// The one template behind every overload family that differs only in how many arguments the spawned function takes:
/// <c>Greenlet.Spawn</c>, <c>SpawnLater</c> and <c>Create</c>, and <c>Group.Spawn</c>, <c>Apply</c> and
/// <c>ApplyAsGreenlet</c> (which <c>Pool</c> inherits), each with the twin and awaitable forms the generator redirects
/// calls to. Each form is written once below, as a function of its <see cref="Arity"/>.
/// </summary>
public static partial class ArityTemplate
{
    /// <summary>The most arguments any of these methods passes on; <c>SpawnArgumentsAnalyzer</c> assumes the same.</summary>
    public const int MaxArguments = 6;

    /// <summary>The command that regenerates the files, run from the repository root.</summary>
    public const string Command = "dotnet run --project eng/ArityGenerator";

    /// <summary>Every generated file, with its path from the repository root.</summary>
    public static IReadOnlyList<GeneratedFile> Render() =>
    [
        ArityFile.Write(
            "Greenlet.Runtime/Greenlets/Greenlet.Spawn.Arity.cs",
            $"""
            Spawn, SpawnLater and SpawnRaw for functions of 0 to {MaxArguments} arguments. Each plain overload is redirected at compile time to
            its Twin overload when it is given a [Greenlet] method group; otherwise it finds the twin by reflection or runs
            the delegate as plain code.
            """,
            "public partial class Greenlet",
            Overloads(Spawn, SpawnTwin).Concat(Overloads(SpawnLater, SpawnLaterTwin)).Concat(Overloads(SpawnRaw, SpawnRawTwin))),
        ArityFile.Write(
            "Greenlet.Runtime/Greenlets/Greenlet.Create.Arity.cs",
            $"""
            Create for functions of 0 to {MaxArguments} arguments: the Spawn family without the start. Each plain overload is
            redirected at compile time to its Twin overload when it is given a [Greenlet] method group; otherwise it finds the
            twin by reflection or runs the delegate as plain code.
            """,
            "public partial class Greenlet",
            Overloads(Create, CreateTwin)),
        ArityFile.Write(
            "Greenlet.Runtime/Pool/Group.Spawn.Arity.cs",
            $"""
            Group.Spawn for functions of 0 to {MaxArguments} arguments, in three forms each: the plain one (redirected at compile
            time to SpawnTwin when given a [Greenlet] method group, or finding the twin by reflection), SpawnTwin, and
            SpawnAwaitable, the awaitable form rewritten code calls. All of them wait for a slot while the pool is full.
            """,
            "public partial class Group",
            Overloads(GroupSpawn, GroupSpawnTwin, GroupSpawnAwaitable)),
        ArityFile.Write(
            "Greenlet.Runtime/Pool/Group.Apply.Arity.cs",
            $"""
            Apply and ApplyAsGreenlet for functions of 0 to {MaxArguments} arguments.
            Apply: the plain form (finding the twin of a [Greenlet] method by reflection when it spawns) and ApplyTwinAwaitable, the
            awaitable form rewritten code calls. Apply has no [TwinOverload]: plain code inside a member greenlet runs the function
            in place, which only the original method can do.
            ApplyAsGreenlet: the plain form, redirected at compile time to ApplyAsGreenletTwin when given a [Greenlet] method group; the
            overloads taking a callback find the twin by reflection instead.
            """,
            "public partial class Group",
            Overloads(Apply, ApplyTwinAwaitable, ApplyAsGreenlet, ApplyAsGreenletTwin, ApplyAsGreenletWithCallback)),
    ];

    /// <summary>
    /// The forms' overloads for 0 to <see cref="MaxArguments"/> arguments, by count, the value-returning shape first; a
    /// form that has no overload of a shape returns null for it. Each overload comes with its family's canonical one.
    /// </summary>
    private static IEnumerable<(Member, Arity, Member)> Overloads(params Func<Arity, Member?>[] forms) =>
        from arity in Arity.All(MaxArguments)
        from form in forms
        let member = form(arity)
        where member is not null
        select (member, arity, form(arity with { Count = MaxArguments })!);

    private static string Runs(Arity a) => $"A [Greenlet] method (it runs cooperatively) or any {a.Callee} (it runs as plain code).";

    private const string RewrittenMethod = "The rewritten method.";

    private static string TwinSummary(string plain, string redirected = "call sites are redirected here at compile time") =>
        $"The form of the <c>{plain}</c> overload with the same arguments that takes the rewritten method; {redirected}.";

    private static string AwaitableSummary(string plain) =>
        $"The form rewritten <c>[Greenlet]</c> code awaits; write <c>{plain}</c> with the same arguments instead.";
}
