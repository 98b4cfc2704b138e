using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Pharos.Triage.Tests.Architecture;

/// <summary>
/// Issue 15, item 6: one version per package family in Directory.Packages.props. A family ships
/// together (.NET's servicing train, dotnet/extensions' train, MassTransit, Polly, ...); members at
/// two versions restore two copies of what they share, or fail to load against each other.
/// </summary>
public partial class When_package_versions_are_pinned
{
    /// <summary>dotnet/extensions' packages: named Microsoft.Extensions.* too, released on their own train.</summary>
    private static readonly string[] ExtensionsTrain =
    [
        "Microsoft.Extensions.AmbientMetadata.", "Microsoft.Extensions.Compliance.", "Microsoft.Extensions.DependencyInjection.AutoActivation",
        "Microsoft.Extensions.Diagnostics.ExceptionSummarization", "Microsoft.Extensions.Diagnostics.Testing", "Microsoft.Extensions.Http.Diagnostics", "Microsoft.Extensions.Http.Resilience",
        "Microsoft.Extensions.Resilience", "Microsoft.Extensions.Telemetry", "Microsoft.Extensions.TimeProvider.Testing",
    ];

    /// <summary>The family a package belongs to, or null for a package that is a family of its own.</summary>
    public static string? FamilyOf(string id) =>
        // System.CommandLine ships from dotnet/command-line-api, on its own train (3.0.0 beside .NET 10).
        id == "System.CommandLine" ? null
        : ExtensionsTrain.Any(prefix => id.StartsWith(prefix, StringComparison.Ordinal)) ? "dotnet/extensions"
        : id.StartsWith("MassTransit", StringComparison.Ordinal) ? "MassTransit"
        : id.StartsWith("Polly", StringComparison.Ordinal) ? "Polly"
        : id.StartsWith("SQLitePCLRaw.", StringComparison.Ordinal) ? "SQLitePCLRaw"
        : id.StartsWith("Microsoft.IdentityModel.", StringComparison.Ordinal) || id.StartsWith("System.IdentityModel.", StringComparison.Ordinal) ? "IdentityModel"
        : id.StartsWith("Microsoft.Build", StringComparison.Ordinal) ? "MSBuild"
        : id.StartsWith("Microsoft.AspNetCore.", StringComparison.Ordinal) || id.StartsWith("Microsoft.Extensions.", StringComparison.Ordinal)
            || id.StartsWith("Microsoft.Data.Sqlite", StringComparison.Ordinal) || id.StartsWith("Microsoft.Bcl.", StringComparison.Ordinal)
            || id.StartsWith("System.", StringComparison.Ordinal) ? ".NET"
        : null;

    /// <summary>Each family whose pins name more than one version, with its pins.</summary>
    public static IReadOnlyList<string> SplitFamilies(string props)
    {
        var document = XDocument.Parse(props);
        var properties = document.Descendants("PropertyGroup").Elements()
            .ToDictionary(e => e.Name.LocalName, e => e.Value.Trim(), StringComparer.OrdinalIgnoreCase);
        return document.Descendants().Where(e => e.Name.LocalName is "PackageVersion" or "GlobalPackageReference")
            .Select(e => (Id: (string)e.Attribute("Include")!, Version: Evaluate((string)e.Attribute("Version")!, properties)))
            .Where(pin => FamilyOf(pin.Id) is not null)
            .GroupBy(pin => FamilyOf(pin.Id)!)
            .Where(family => family.Select(pin => pin.Version).Distinct().Count() > 1)
            .Select(family => $"{family.Key}: {string.Join(", ", family.Select(pin => $"{pin.Id} {pin.Version}"))}")
            .ToList();
    }

    private static string Evaluate(string version, Dictionary<string, string> properties) =>
        Property().Replace(version, m => properties.TryGetValue(m.Groups[1].Value, out var value) ? value : m.Value);

    [GeneratedRegex(@"\$\((\w+)\)")]
    private static partial Regex Property();

    private static string Props
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "Directory.Packages.props"))) return File.ReadAllText(Path.Combine(dir.FullName, "Directory.Packages.props"));
            throw new InvalidOperationException("Directory.Packages.props is not above the test binaries.");
        }
    }

    [Test]
    public void Each_family_has_one_version()
    {
        Assert.That(SplitFamilies(Props), Is.Empty);
    }

    [Test]
    public void The_families_are_read_from_the_file()
    {
        var pinned = XDocument.Parse(Props).Descendants("PackageVersion").Select(e => (string)e.Attribute("Include")!).ToList();

        Assert.That(pinned.Select(FamilyOf).Distinct(), Is.SupersetOf(new[] { ".NET", "dotnet/extensions", "MassTransit", "Polly", "IdentityModel" }));
    }

    [TestCase("Microsoft.AspNetCore.OpenApi", "10.0.15", ".NET: ", TestName = "An ASP.NET Core package a patch ahead")]
    [TestCase("Microsoft.Extensions.TimeProvider.Testing", "10.10.0", "dotnet/extensions: ", TestName = "The fake TimeProvider a release behind")]
    [TestCase("MassTransit.RabbitMQ", "8.5.11", "MassTransit: ", TestName = "MassTransit's transport apart from MassTransit")]
    public void A_planted_second_version_in_a_family_is_named(string id, string version, string family)
    {
        var pin = new Regex($"""<PackageVersion Include="{Regex.Escape(id)}" Version="[^"]*" />""");
        Assert.That(pin.IsMatch(Props), $"{id} is pinned");
        var planted = pin.Replace(Props, $"""<PackageVersion Include="{id}" Version="{version}" />""");

        var split = SplitFamilies(planted);

        Assert.That(split, Has.Count.EqualTo(1));
        Assert.That(split[0], Does.StartWith(family).And.Contain($"{id} {version}"));
    }
}
