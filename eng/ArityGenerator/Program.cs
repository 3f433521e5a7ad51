// Writes the arity overloads into the repository: dotnet run --project eng/ArityGenerator [-- <output folder>]
// Without a folder it writes into the repository that holds this project; ArityTemplateTests writes into a temporary
// folder instead and compares.
using Greenlets.Engineering;

var root = args.Length > 0 ? Path.GetFullPath(args[0]) : RepositoryRoot(AppContext.BaseDirectory) ?? RepositoryRoot(Environment.CurrentDirectory);
if (root is null)
{
    Console.Error.WriteLine("Run from inside the repository, or name the folder to write into.");
    return 1;
}

foreach (var file in ArityTemplate.Render())
{
    var path = Path.Combine(root, file.Path);
    Directory.CreateDirectory(Path.GetDirectoryName(path)!);
    var changed = !File.Exists(path) || File.ReadAllText(path) != file.Text;
    if (changed)
    {
        File.WriteAllText(path, file.Text);
    }

    Console.WriteLine($"{(changed ? "wrote    " : "unchanged")} {file.Path}");
}

return 0;

static string? RepositoryRoot(string start)
{
    for (var folder = new DirectoryInfo(start); folder is not null; folder = folder.Parent)
    {
        if (File.Exists(Path.Combine(folder.FullName, "Greenlet.sln")))
        {
            return folder.FullName;
        }
    }

    return null;
}
