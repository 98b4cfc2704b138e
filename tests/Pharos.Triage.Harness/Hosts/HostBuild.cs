namespace Pharos.Triage.Harness.Hosts;

/// <summary>Where the host's build output is, to run it as a process.</summary>
public static class HostBuild
{
    /// <summary>
    /// <c>Services/Pharos.Triage.Host/bin/&lt;Configuration&gt;/&lt;tfm&gt;/Pharos.Triage.Host.dll</c>, in the configuration and target
    /// framework of the running test or benchmark (its own <c>bin/&lt;Configuration&gt;/&lt;tfm&gt;/</c>), below the repository
    /// root: the folder above it that holds Pharos.Triage.sln. Or <paramref name="other"/> when given: another build of
    /// the host, to compare two versions with the same benchmark.
    /// </summary>
    public static string Assembly(string? other = null)
    {
        if (other is { Length: > 0 })
            return File.Exists(other) ? other : throw new FileNotFoundException("No host assembly there.", other);
        var here = new DirectoryInfo(AppContext.BaseDirectory);
        var tfm = here.Name;
        var configuration = here.Parent!.Name;
        var root = here;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Pharos.Triage.sln"))) root = root.Parent;
        if (root is null) throw new DirectoryNotFoundException($"Pharos.Triage.sln not found above {here.FullName}");
        var path = Path.Combine(root.FullName, "Services", "Pharos.Triage.Host", "bin", configuration, tfm, "Pharos.Triage.Host.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException("Build the host first.", path);
    }
}
