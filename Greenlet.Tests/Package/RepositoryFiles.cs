using System.Xml.Linq;

namespace Greenlets.Tests.Package;

/// <summary>The repository the tests were built from: its root, and the properties Directory.Build.props sets once.</summary>
internal static class RepositoryFiles
{
    public static string Root { get; } = FindRoot();

    /// <summary>The repository's URL, the one source of the package's RepositoryUrl and of every help link.</summary>
    public static string RepositoryUrl => BuildProperty("RepositoryUrl");

    /// <summary>The version every package starts from; a local pack adds a suffix.</summary>
    public static string VersionPrefix => BuildProperty("VersionPrefix");

    public static string DiagnosticsPages => Path.Combine(Root, "docs", "diagnostics");

    private static string BuildProperty(string name)
    {
        var props = XDocument.Load(Path.Combine(Root, "Directory.Build.props"));
        var values = props.Descendants(name).Select(element => element.Value.Trim()).ToList();
        return values.Count == 1 ? values[0] : throw new InvalidOperationException($"Directory.Build.props sets {name} {values.Count} times, not once");
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Greenlet.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"Greenlet.sln not found above {AppContext.BaseDirectory}");
    }
}
