using System.Globalization;
using System.Text;
using System.Xml.Linq;

namespace Pharos.Triage.Tests.Docs;

/// <summary>
/// The pictures of the projects in docs/architecture.md are drawn from the project files' ProjectReferences, so that
/// they cannot drift: when a project or a reference changes, this test fails and prints the picture to paste.
/// </summary>
public class When_the_project_pictures_are_read_against_the_project_files
{
    private const string Architecture = "docs/architecture.md";

    private sealed record Reference(string From, string To, bool BuildOrderOnly);

    [TestCase("product", true)]
    [TestCase("tests", false)]
    public void The_picture_is_the_project_references(string picture, bool product)
    {
        var begin = $"<!-- projects:{picture} -->";
        var end = $"<!-- /projects:{picture} -->";
        var text = Repository.Read(Architecture).Replace("\r\n", "\n");
        var from = text.IndexOf(begin, StringComparison.Ordinal);
        var to = text.IndexOf(end, StringComparison.Ordinal);
        Assert.That(from >= 0 && to > from, $"{Architecture} marks its {picture} picture with {begin} … {end}");

        var drawn = text[(from + begin.Length)..to].Trim();
        var expected = Picture(product);
        Assert.That(drawn, Is.EqualTo(expected),
            $"{Architecture}'s {picture} picture is not the projects' references: replace what is between {begin} and {end} with\n\n{expected}\n");
    }

    [Test]
    public void Every_reference_leads_to_a_project_of_the_repository()
    {
        var projects = Repository.Projects.ToHashSet(StringComparer.Ordinal);
        var references = References();
        Assert.That(references, Has.Count.GreaterThan(10), "the ProjectReferences are read");
        Assert.That(references.Select(r => r.To).Where(to => !projects.Contains(to)), Is.Empty);
    }

    /// <summary>A Mermaid flowchart of the references from the product's projects (or from tests/ and bench/), by folder.</summary>
    private static string Picture(bool product)
    {
        var edges = References().Where(r => Repository.IsProduct(r.From) == product).ToList();
        var nodes = edges.SelectMany(e => new[] { e.From, e.To })
            .Concat(Repository.Projects.Where(p => Repository.IsProduct(p) == product))
            .Distinct().ToList();

        var picture = new StringBuilder("```mermaid\nflowchart TD\n");
        foreach (var folder in nodes.GroupBy(p => p.Split('/')[0]).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            picture.Append(CultureInfo.InvariantCulture, $"  subgraph {folder.Key}_folder [{folder.Key}]\n");
            foreach (var node in folder.OrderBy(Id, StringComparer.Ordinal))
                picture.Append(CultureInfo.InvariantCulture, $"    {Id(node)}[\"{Repository.ProjectName(node)}\"]\n");
            picture.Append("  end\n");
        }
        foreach (var edge in edges.OrderBy(e => Id(e.From), StringComparer.Ordinal).ThenBy(e => Id(e.To), StringComparer.Ordinal))
            picture.Append(CultureInfo.InvariantCulture, $"  {Id(edge.From)} {(edge.BuildOrderOnly ? "-.->" : "-->")} {Id(edge.To)}\n");
        return picture.Append("```").ToString();
    }

    /// <summary>A project's name in the picture: its own without the common prefix.</summary>
    private static string Id(string project)
    {
        var name = Repository.ProjectName(project);
        const string prefix = "Pharos.Triage.";
        return (name.StartsWith(prefix, StringComparison.Ordinal) ? name[prefix.Length..] : name).Replace(".", "");
    }

    private static List<Reference> References() =>
        Repository.Projects.SelectMany(project =>
        {
            var directory = Path.GetDirectoryName(Path.Combine(Repository.Root, project))!;
            return XDocument.Parse(Repository.Read(project)).Descendants("ProjectReference").Select(reference => new Reference(
                project,
                Repository.Relative(Path.GetFullPath(Path.Combine(directory, reference.Attribute("Include")!.Value.Replace('\\', '/')))),
                string.Equals(reference.Attribute("ReferenceOutputAssembly")?.Value, "false", StringComparison.OrdinalIgnoreCase)));
        }).ToList();
}
