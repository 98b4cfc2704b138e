namespace Pharos.Triage.Tests.Architecture;

/// <summary>
/// Issue 15, item 6: every .csproj's project references, read from the files, against the allowed
/// picture (<see cref="ReferencePicture"/>): services never reference each other, Infrastructure never
/// references a service, Contracts references nothing of ours. The Host alone composes services.
/// </summary>
public class When_project_references_are_checked_against_the_picture
{
    private const string Routing = "Services/Pharos.Triage.Routing/Pharos.Triage.Routing.csproj";
    private const string Infrastructure = "Infrastructure/Pharos.Triage.Infrastructure/Pharos.Triage.Infrastructure.csproj";
    private const string Contracts = "Contracts/Pharos.Triage.Contracts/Pharos.Triage.Contracts.csproj";

    private static string Root
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "Pharos.Triage.sln"))) return dir.FullName;
            throw new InvalidOperationException("The repository root (Pharos.Triage.sln) is not above the test binaries.");
        }
    }

    private static readonly Lazy<IReadOnlyList<ProjectFile>> Projects = new(() => ReferencePicture.Read(Root));

    /// <summary>The repository's projects, one of them with <paramref name="reference"/> planted in its file.</summary>
    private static List<ProjectFile> WithPlanted(string project, string reference)
    {
        var xml = File.ReadAllText(Path.Combine(Root, project));
        var include = Path.GetRelativePath(Path.GetDirectoryName(Path.Combine(Root, project))!, Path.Combine(Root, reference));
        var planted = xml.Replace("</Project>", $"  <ItemGroup><ProjectReference Include=\"{include.Replace('/', '\\')}\" /></ItemGroup>\n</Project>",
            StringComparison.Ordinal);
        Assert.That(planted, Is.Not.EqualTo(xml), $"the sample could not be planted in {project}");
        return Projects.Value.Select(p => p.Path == project ? ReferencePicture.Parse(project, planted) : p).ToList();
    }

    [Test]
    public void The_repository_keeps_to_it()
    {
        Assert.That(ReferencePicture.Violations(Projects.Value.ToList()), Is.Empty);
    }

    [Test]
    public void Every_part_of_the_picture_is_read_from_the_files()
    {
        var roles = Projects.Value.ToLookup(p => ReferencePicture.RoleOf(p.Path));
        Assert.Multiple(() =>
        {
            Assert.That(roles[ProjectRole.Contracts].Select(p => p.Path), Does.Contain(Contracts));
            Assert.That(roles[ProjectRole.Infrastructure].Select(p => p.Path), Does.Contain(Infrastructure));
            Assert.That(roles[ProjectRole.Host].Select(p => p.Path), Is.EqualTo(new[] { ReferencePicture.HostProject }));
            Assert.That(roles[ProjectRole.Service].Select(p => p.Path), Is.SupersetOf(new[]
            {
                "Services/Pharos.Triage.Intake/Pharos.Triage.Intake.csproj", Routing,
                "Services/Pharos.Triage.PlatformLiaison/Pharos.Triage.PlatformLiaison.csproj",
                "Services/Pharos.Triage.Escalation/Pharos.Triage.Escalation.csproj",
            }));
            // The references are read, not assumed: a service's to Infrastructure, the host's to the four services.
            Assert.That(Projects.Value.Single(p => p.Path == Routing).References, Does.Contain(Infrastructure));
            Assert.That(Projects.Value.Single(p => p.Path == ReferencePicture.HostProject).References
                .Count(r => ReferencePicture.RoleOf(r) == ProjectRole.Service), Is.GreaterThanOrEqualTo(4));
        });
    }

    [TestCase(Routing, "Services/Pharos.Triage.Intake/Pharos.Triage.Intake.csproj",
        "a service may reference the contracts, infrastructure", TestName = "A service referencing another service")]
    [TestCase(Routing, ReferencePicture.HostProject,
        "a service may reference the contracts, infrastructure", TestName = "A service referencing the host")]
    [TestCase(Infrastructure, Routing,
        "infrastructure may reference the contracts, infrastructure", TestName = "Infrastructure referencing a service")]
    [TestCase(Contracts, Infrastructure,
        "the contracts may reference nothing of ours", TestName = "Contracts referencing infrastructure")]
    [TestCase(Infrastructure, "tests/Pharos.Triage.Tests/Pharos.Triage.Tests.csproj",
        "infrastructure may reference the contracts, infrastructure", TestName = "Infrastructure referencing a test project")]
    [TestCase(Routing, "Services/Pharos.Triage.Gone/Pharos.Triage.Gone.csproj",
        "which is no project of the repository", TestName = "A service referencing a project that does not exist")]
    public void A_planted_reference_that_leaves_it_is_named(string project, string reference, string rule)
    {
        var violations = ReferencePicture.Violations(WithPlanted(project, reference));

        Assert.That(violations, Has.Count.EqualTo(1));
        Assert.That(violations[0], Does.StartWith($"{project} ").And.Contain($"references {reference}").And.Contain(rule));
    }

    [TestCase(ReferencePicture.HostProject, "Services/Pharos.Triage.Intake/Pharos.Triage.Intake.csproj", TestName = "The host referencing a service")]
    [TestCase(Routing, Contracts, TestName = "A service referencing the contracts")]
    [TestCase(Infrastructure, Contracts, TestName = "Infrastructure referencing the contracts")]
    [TestCase("bench/Pharos.Triage.Benchmarks/Pharos.Triage.Benchmarks.csproj", "Services/Pharos.Triage.Intake/Pharos.Triage.Intake.csproj",
        TestName = "A benchmark referencing a service")]
    public void A_planted_reference_it_allows_passes(string project, string reference)
    {
        Assert.That(ReferencePicture.Violations(WithPlanted(project, reference)), Is.Empty);
    }

    [Test]
    public void A_project_outside_its_folders_must_be_placed()
    {
        var projects = Projects.Value.Append(new ProjectFile("Tools/Pharos.Triage.Tool/Pharos.Triage.Tool.csproj", [])).ToList();

        Assert.That(ReferencePicture.Violations(projects), Is.EqualTo(new[]
        {
            "Tools/Pharos.Triage.Tool/Pharos.Triage.Tool.csproj is in no folder of the picture: place it in ReferencePicture.RoleOf",
        }));
    }
}
