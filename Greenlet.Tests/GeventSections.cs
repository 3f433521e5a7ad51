using Greenlets.Tests.Package;

namespace Greenlets.Tests;

/// <summary>
/// The recorded output of a Python program run under real gevent, split into sections the program opens with
/// <c>== name</c> lines: each section holds the expected lines of one test.
/// </summary>
internal sealed class GeventSections(params string[] pathFromRoot)
{
    private readonly string[] _lines = File.ReadAllLines(Path.Combine([RepositoryFiles.Root, .. pathFromRoot]));

    /// <summary>The lines of the section <paramref name="name"/>, up to the next section.</summary>
    public IEnumerable<string> this[string name] =>
        _lines.SkipWhile(line => line != "== " + name).Skip(1).TakeWhile(line => !line.StartsWith("== ", StringComparison.Ordinal));
}
