namespace Greenlets.Generators;

/// <summary>Names the generator and analyzers share with the runtime.</summary>
internal static class KnownNames
{
    public const string GreenletAttribute = "Greenlets.GreenletAttribute";
    public const string CooperativeAttribute = "Greenlets.CooperativeAttribute";
    public const string TwinOverloadAttribute = "Greenlets.CompilerServices.TwinOverloadAttribute";
    public const string BlockingAttribute = "Greenlets.BlockingAttribute";
    public const string NonBlockingAttribute = "Greenlets.NonBlockingAttribute";
    public const string TwinSuffix = "__Greenlet";
    public const string GreenTask = "global::Greenlets.CompilerServices.GreenTask";
    public const string InterceptorsNamespace = "Greenlets.Generated";

    /// <summary>
    /// The names of the runtime's methods marked [TwinOverload] (only the runtime's own overloads carry it,
    /// docs/naming.md): the interceptor step looks at no other call, so a build binds only these sites, not every
    /// invocation of the project. IncrementalityTests checks the list against the runtime.
    /// </summary>
    public static readonly System.Collections.Generic.HashSet<string> TwinOverloadMethods =
        new(System.StringComparer.Ordinal) { "ApplyAsGreenlet", "Create", "Imap", "ImapUnordered", "Map", "Spawn", "SpawnLater", "SpawnRaw" };
}
