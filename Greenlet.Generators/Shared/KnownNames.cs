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
}
