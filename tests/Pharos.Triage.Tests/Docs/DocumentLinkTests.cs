using System.Text.RegularExpressions;

namespace Pharos.Triage.Tests.Docs;

/// <summary>
/// The repository stands alone (issue 15): every link in its documents leads to a file or heading inside it, and no
/// document sends the reader to one it does not hold (the design notes it was built from live outside it).
/// </summary>
public partial class When_the_documents_are_read_for_their_links
{
    private static IEnumerable<Markdown.Link> AllLinks() =>
        Repository.Documents.SelectMany(d => Markdown.Links(d, Repository.Read(d)));

    [Test]
    public void The_documents_are_found()
    {
        Assert.That(Repository.Documents, Is.SupersetOf(new[] { "README.md", "docs/architecture.md", "docs/configuration.md", "docs/http-api.md" }));
        Assert.That(AllLinks().Count(l => !l.Target.StartsWith('#')), Is.GreaterThan(10), "the links into docs/ are read");
    }

    [Test]
    public void No_link_leaves_the_repository()
    {
        var outside = AllLinks().Where(l => Scheme().IsMatch(l.Target) || l.Target.StartsWith('/') || l.Target.StartsWith("www.", StringComparison.Ordinal)
                                            || !Target(l).Inside)
            .Select(l => $"{l.Document}:{l.Line}: {l.Target}");
        Assert.That(outside, Is.Empty, "write what the reader needs into docs/ instead, and link there with a relative path");
    }

    [Test]
    public void Every_relative_link_leads_to_a_file_or_folder_that_exists()
    {
        var broken = AllLinks().Where(l => !Scheme().IsMatch(l.Target) && !l.Target.StartsWith('#'))
            .Where(l => Target(l) is { Inside: true } t && !File.Exists(t.Path) && !Directory.Exists(t.Path))
            .Select(l => $"{l.Document}:{l.Line}: {l.Target}");
        Assert.That(broken, Is.Empty);
    }

    [Test]
    public void Every_anchor_names_a_heading_of_the_document_it_leads_to()
    {
        var broken = new List<string>();
        foreach (var link in AllLinks().Where(l => !Scheme().IsMatch(l.Target) && l.Target.Contains('#')))
        {
            var (path, inside) = Target(link);
            if (!inside || !File.Exists(path) || !path.EndsWith(".md", StringComparison.OrdinalIgnoreCase)) continue;
            var anchor = Uri.UnescapeDataString(link.Target[(link.Target.IndexOf('#') + 1)..]);
            if (!Markdown.Anchors(File.ReadAllText(path)).Contains(anchor))
                broken.Add($"{link.Document}:{link.Line}: {link.Target} (no such heading in {Repository.Relative(path)})");
        }
        Assert.That(broken, Is.Empty);
    }

    [Test]
    public void Every_document_they_name_is_in_the_repository()
    {
        var present = Repository.Documents.ToHashSet(StringComparer.Ordinal);
        var names = present.Select(Path.GetFileName).ToHashSet(StringComparer.Ordinal);
        var missing = new List<string>();
        foreach (var document in Repository.Documents)
        {
            var text = Repository.Read(document);
            if (text.Contains("shared/design", StringComparison.OrdinalIgnoreCase)) missing.Add($"{document}: names shared/design, outside the repository");
            foreach (Match m in DocumentName().Matches(text))
            {
                var name = m.Value;
                var found = name.Contains('/')
                    ? present.Contains(name.TrimStart('.', '/')) || present.Contains(Repository.Relative(Path.GetFullPath(Path.Combine(Repository.Root, Path.GetDirectoryName(document)!, name))))
                    : names.Contains(name);
                if (!found) missing.Add($"{document}: {name}");
            }
        }
        Assert.That(missing.Distinct(), Is.Empty, "documents the repository does not hold");
    }

    /// <summary>Where a relative link leads, and whether that is inside the repository.</summary>
    private static (string Path, bool Inside) Target(Markdown.Link link)
    {
        var target = link.Target;
        var hash = target.IndexOf('#');
        var file = Uri.UnescapeDataString(hash < 0 ? target : target[..hash]);
        var path = file.Length == 0
            ? Path.Combine(Repository.Root, link.Document)
            : Path.GetFullPath(Path.Combine(Repository.Root, Path.GetDirectoryName(link.Document)!, file));
        var root = Path.TrimEndingDirectorySeparator(Repository.Root);
        return (path, path == root || path.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal));
    }

    [GeneratedRegex(@"^[a-zA-Z][a-zA-Z0-9+.-]*:")]
    private static partial Regex Scheme();

    [GeneratedRegex(@"(?<![\w.-])[\w./-]*[\w-]\.md\b")]
    private static partial Regex DocumentName();
}
