using System.Xml.Linq;

namespace Pharos.Triage.Tests.Architecture;

/// <summary>What a project is, by the folder it sits in.</summary>
public enum ProjectRole { Contracts, Infrastructure, Service, Host, TestsOrBench, Unplaced }

/// <summary>A project file and the projects it references, as paths from the repository root with '/'.</summary>
public sealed record ProjectFile(string Path, IReadOnlyList<string> References);

/// <summary>
/// The allowed picture of project references: Contracts references nothing of ours; Infrastructure
/// references Contracts and Infrastructure, never a service; a service references Contracts and
/// Infrastructure, never another service. The Host, which composes the four services in one process,
/// is the one project that references services. Tests and benchmarks may reference anything.
/// </summary>
public static class ReferencePicture
{
    /// <summary>The exception to "services never reference each other": it runs any subset of them.</summary>
    public const string HostProject = "Services/Pharos.Triage.Host/Pharos.Triage.Host.csproj";

    private static readonly Dictionary<ProjectRole, ProjectRole[]> MayReference = new()
    {
        [ProjectRole.Contracts] = [],
        [ProjectRole.Infrastructure] = [ProjectRole.Contracts, ProjectRole.Infrastructure],
        [ProjectRole.Service] = [ProjectRole.Contracts, ProjectRole.Infrastructure],
        [ProjectRole.Host] = [ProjectRole.Contracts, ProjectRole.Infrastructure, ProjectRole.Service],
        [ProjectRole.TestsOrBench] =
            [ProjectRole.Contracts, ProjectRole.Infrastructure, ProjectRole.Service, ProjectRole.Host, ProjectRole.TestsOrBench],
        [ProjectRole.Unplaced] = [],
    };

    public static ProjectRole RoleOf(string path) =>
        path == HostProject ? ProjectRole.Host
        : path.StartsWith("Contracts/", StringComparison.Ordinal) ? ProjectRole.Contracts
        : path.StartsWith("Infrastructure/", StringComparison.Ordinal) ? ProjectRole.Infrastructure
        : path.StartsWith("Services/", StringComparison.Ordinal) ? ProjectRole.Service
        : path.StartsWith("tests/", StringComparison.Ordinal) || path.StartsWith("bench/", StringComparison.Ordinal) ? ProjectRole.TestsOrBench
        : ProjectRole.Unplaced;

    /// <summary>Every way the projects leave the picture, one line each; none when they keep to it.</summary>
    public static IReadOnlyList<string> Violations(IReadOnlyCollection<ProjectFile> projects)
    {
        var known = projects.Select(p => p.Path).ToHashSet(StringComparer.Ordinal);
        var violations = new List<string>();
        foreach (var project in projects)
        {
            var role = RoleOf(project.Path);
            if (role == ProjectRole.Unplaced)
                violations.Add($"{project.Path} is in no folder of the picture: place it in {nameof(ReferencePicture)}.{nameof(RoleOf)}");
            foreach (var reference in project.References)
            {
                if (!known.Contains(reference))
                    violations.Add($"{project.Path} references {reference}, which is no project of the repository");
                else if (!MayReference[role].Contains(RoleOf(reference)))
                    violations.Add($"{project.Path} ({Describe(role)}) references {reference} ({Describe(RoleOf(reference))}): "
                        + $"{Describe(role)} may reference {Allowed(role)}");
            }
        }
        return violations;
    }

    /// <summary>The project references of a project file, resolved from its folder.</summary>
    public static ProjectFile Parse(string path, string xml)
    {
        var folder = path.Contains('/', StringComparison.Ordinal) ? path[..path.LastIndexOf('/')] : "";
        var references = XDocument.Parse(xml).Descendants("ProjectReference")
            .Select(r => (string?)r.Attribute("Include"))
            .OfType<string>()
            .Select(include => Resolve(folder, include))
            .ToList();
        return new ProjectFile(path, references);
    }

    /// <summary>Every project file under <paramref name="root"/>, build output left aside.</summary>
    public static IReadOnlyList<ProjectFile> Read(string root) =>
        Directory.EnumerateFiles(root, "*.csproj", SearchOption.AllDirectories)
            .Select(file => Path.GetRelativePath(root, file).Replace('\\', '/'))
            .Where(path => !path.Split('/').Any(segment => segment is "bin" or "obj"))
            .Order(StringComparer.Ordinal)
            .Select(path => Parse(path, File.ReadAllText(Path.Combine(root, path))))
            .ToList();

    private static string Resolve(string folder, string include)
    {
        var segments = new List<string>(folder.Length == 0 ? [] : folder.Split('/'));
        foreach (var segment in include.Replace('\\', '/').Split('/'))
        {
            // Above the root stays above it: such a path is no project of the repository.
            if (segment == ".." && segments.Count > 0 && segments[^1] != "..") segments.RemoveAt(segments.Count - 1);
            else if (segment == "..") segments.Add(segment);
            else if (segment is not ("." or "")) segments.Add(segment);
        }
        return string.Join('/', segments);
    }

    private static string Describe(ProjectRole role) => role switch
    {
        ProjectRole.Contracts => "the contracts",
        ProjectRole.Infrastructure => "infrastructure",
        ProjectRole.Service => "a service",
        ProjectRole.Host => "the host",
        ProjectRole.TestsOrBench => "a test or benchmark",
        _ => "an unplaced project",
    };

    private static string Allowed(ProjectRole role) =>
        MayReference[role].Length == 0 ? "nothing of ours" : string.Join(", ", MayReference[role].Select(Describe).Distinct());
}
