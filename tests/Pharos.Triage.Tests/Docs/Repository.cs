namespace Pharos.Triage.Tests.Docs;

/// <summary>The repository these tests were built from: its root, its projects and its documents, read from disk.</summary>
internal static class Repository
{
    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Pharos.Triage.sln"))) return dir.FullName;
        throw new InvalidOperationException("The repository root (Pharos.Triage.sln) is not above the test binaries.");
    }

    /// <summary>A path relative to the root, with forward slashes.</summary>
    public static string Relative(string path) => Path.GetRelativePath(Root, path).Replace('\\', '/');

    public static string Read(string relative) => File.ReadAllText(Path.Combine(Root, relative));

    /// <summary>Every file with this extension outside build output, relative to the root, sorted.</summary>
    public static IReadOnlyList<string> Files(string extension) =>
        Directory.EnumerateFiles(Root, "*" + extension, SearchOption.AllDirectories)
            .Select(Relative)
            .Where(p => !p.Split('/').Any(segment => segment is "bin" or "obj" or ".git" or "TestResults" or "node_modules"))
            .Order(StringComparer.Ordinal)
            .ToList();

    public static IReadOnlyList<string> Projects => Files(".csproj");

    /// <summary>The markdown documents: the README, docs/ and any other README.</summary>
    public static IReadOnlyList<string> Documents => Files(".md");

    /// <summary>What ships: every project outside tests/ and bench/.</summary>
    public static bool IsProduct(string project) =>
        !project.StartsWith("tests/", StringComparison.Ordinal) && !project.StartsWith("bench/", StringComparison.Ordinal);

    public static string ProjectName(string project) => Path.GetFileNameWithoutExtension(project);
}
