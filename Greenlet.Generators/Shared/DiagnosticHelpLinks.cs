namespace Greenlets.Generators;

/// <summary>
/// Where each diagnostic's page lives: docs/diagnostics/&lt;ID&gt;.md in the repository, as an absolute URL that
/// an IDE can open. The repository is RepositoryUrl in Directory.Build.props; the package carries the same pages
/// under docs/diagnostics.
/// </summary>
internal static class DiagnosticHelpLinks
{
    public static string For(string id) => RepositoryInfo.Url + "/blob/main/docs/diagnostics/" + id + ".md";
}
