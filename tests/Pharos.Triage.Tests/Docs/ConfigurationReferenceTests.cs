using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;

namespace Pharos.Triage.Tests.Docs;

/// <summary>
/// docs/configuration.md read against the code. Every options class of the product is found by its
/// <c>public const string Section</c>, and its keys derived the way the configuration binder reads them
/// (<c>Section:Property</c>, into nested objects; a dictionary's or a list's entries as a <c>{placeholder}</c>).
/// Each such key, and each key read by hand, must have a row with the code's default; and no document may name
/// a key that nothing reads. So a new option cannot go undocumented, nor a removed one stay in the docs.
/// </summary>
public partial class When_the_configuration_reference_is_read_against_the_options
{
    private const string Reference = "docs/configuration.md";

    /// <summary>
    /// Keys read by hand, not bound to an options class, with their readers. Bind one to a class with a
    /// Section constant and its lines go: the class then brings its keys in itself.
    /// </summary>
    private static readonly string[] AdHocKeys =
    [
        // DeadlinePolicies: categories and platforms are keys, and each window is read and checked by hand.
        "Pharos:Sla:{category}:AcknowledgeWithin", "Pharos:Sla:{category}:ActWithin", "Pharos:Sla:{category}:UnansweredAfter",
        "Pharos:Sla:Platforms:{platformId}:{category}:AcknowledgeWithin", "Pharos:Sla:Platforms:{platformId}:{category}:ActWithin",
        "Pharos:Sla:Platforms:{platformId}:{category}:UnansweredAfter",
        // PlatformRegistration.CreateServiceDatabase: a service's own SQL Server database, else the shared one.
        "ConnectionStrings:Intake", "ConnectionStrings:Routing", "ConnectionStrings:PlatformLiaison", "ConnectionStrings:Escalation",
        "ConnectionStrings:SqlServer",
        // AccessRegistration.CreateDatabase: the access store on SQL Server.
        "ConnectionStrings:Access",
        // BusRegistration and the messages requeue command: the broker.
        "ConnectionStrings:RabbitMq",
        // LoseFirstCopyFault: a fault the tests switch on; never set in production.
        "Pharos:Faults:LoseFirstCopyOfEachMessageType",
        // Composition: where the host listens when nothing says otherwise (ASPNETCORE_URLS).
        "urls",
        // Telemetry (TelemetryPlan, TraceSampling, TelemetryRegistration) and the OpenTelemetry SDK: the standard OTEL_* variables.
        "OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "OTEL_EXPORTER_OTLP_METRICS_ENDPOINT", "OTEL_EXPORTER_OTLP_PROTOCOL",
        "OTEL_EXPORTER_OTLP_HEADERS", "OTEL_TRACES_EXPORTER", "OTEL_METRICS_EXPORTER", "OTEL_SDK_DISABLED", "OTEL_SERVICE_NAME",
        "OTEL_RESOURCE_ATTRIBUTES", "OTEL_TRACES_SAMPLER", "OTEL_TRACES_SAMPLER_ARG", "OTEL_METRIC_EXPORT_INTERVAL", "OTEL_BSP_SCHEDULE_DELAY",
    ];

    /// <summary>Classes with a Section constant that bind nothing: readers whose keys are among the ad hoc ones.</summary>
    private static readonly string[] ReadersByHand = ["DeadlinePolicies"];

    private sealed record Key(string Name, string Source, object? Default, bool HasDefault);

    private sealed record Row(string Key, string Default, int Line);

    [Test]
    public void The_options_classes_and_their_keys_are_found()
    {
        var classes = OptionsClasses().Select(c => c.Type.Name).ToList();
        Assert.That(classes, Is.SupersetOf(new[] { "PharosOptions", "WebhookOptions", "PlatformContacts", "LimitOptions", "JwtOptions", "BusOptions", "IdempotencyOptions" }));
        Assert.That(Derived().Select(k => k.Name), Is.SupersetOf(new[]
        {
            "Pharos:Redrive:MaxWait", "Pharos:PlatformContacts:{}:WebhookSecret", "Pharos:Limits:RateLimits:{}:Burst", "Pharos:Services:{}",
        }));
        Assert.That(Documented(), Has.Count.GreaterThan(60), $"the key tables of {Reference} are read");
    }

    [Test]
    public void Every_key_the_code_reads_is_documented()
    {
        var documented = Documented().Select(r => Normal(r.Key)).ToHashSet(StringComparer.Ordinal);
        var undocumented = Known().Where(k => !documented.Contains(k.Name)).Select(k => $"{k.Name} (read by {k.Source})");
        Assert.That(undocumented, Is.Empty, $"keys the code reads that {Reference} does not name");
    }

    [Test]
    public void Every_key_documented_is_read_and_documented_once()
    {
        var known = Known().Select(k => k.Name).ToHashSet(StringComparer.Ordinal);
        var rows = Documented();
        Assert.Multiple(() =>
        {
            Assert.That(rows.Where(r => !known.Contains(Normal(r.Key))).Select(r => $"line {r.Line}: {r.Key}"), Is.Empty,
                $"keys {Reference} names that no options class or ad hoc reader has");
            Assert.That(rows.GroupBy(r => Normal(r.Key)).Where(g => g.Count() > 1).Select(g => g.First().Key), Is.Empty, "keys documented twice");
        });
    }

    [Test]
    public void Every_default_documented_is_the_code_s()
    {
        var rows = Documented().GroupBy(r => Normal(r.Key)).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var checkedDefaults = 0;
        var wrong = new List<string>();
        foreach (var key in Derived().Where(k => k.HasDefault))
        {
            if (Format(key.Default) is not { } expected || !rows.TryGetValue(key.Name, out var row)) continue;
            checkedDefaults++;
            var written = Markdown.FirstCode(row.Default);
            if (written != expected) wrong.Add($"line {row.Line}: {row.Key} is `{expected}` in {key.Source}, the document says {row.Default}");
        }
        Assert.That(checkedDefaults, Is.GreaterThan(40), "defaults compared");
        Assert.That(wrong, Is.Empty, "the default column starts with the code's default, written as configuration takes it");
    }

    [Test]
    public void No_document_names_a_key_that_nothing_reads()
    {
        var known = Known().Select(k => k.Name.Split(':')).ToList();
        var unknown = new List<string>();
        foreach (var document in Repository.Documents)
        {
            var lines = Repository.Read(document).Replace("\r\n", "\n").Split('\n');
            for (var i = 0; i < lines.Length; i++)
                foreach (Match m in KeyInText().Matches(lines[i]))
                {
                    var segments = Normal(m.Value.Replace("__", ":").TrimEnd(':')).Split(':');
                    if (!known.Any(k => IsPrefix(segments, k))) unknown.Add($"{document}:{i + 1}: {m.Value}");
                }
        }
        Assert.That(unknown, Is.Empty, "keys (or sections) no options class or ad hoc reader has");
    }

    [Test]
    public void Every_options_class_is_found_by_its_section()
    {
        var covered = OptionsClasses().SelectMany(c => TypesUnder(c.Type)).ToHashSet();
        var missed = ProductTypes()
            .Where(t => t.IsClass && !t.IsAbstract && t.Name.EndsWith("Options", StringComparison.Ordinal) && !covered.Contains(t))
            .Select(t => t.FullName);
        Assert.That(missed, Is.Empty, "options classes without a public const string Section (nor nested in one that has it)");
    }

    /// <summary>Every key the code reads: derived from the options classes, and the ad hoc ones.</summary>
    private static List<Key> Known() =>
        Derived().Concat(AdHocKeys.Select(k => new Key(Normal(k), "an ad hoc reader", null, false))).ToList();

    private static List<Key> Derived() =>
        OptionsClasses().SelectMany(c => KeysOf(c.Type, c.Section, New(c.Type), hasDefault: true, c.Type.Name)).ToList();

    private static IEnumerable<(Type Type, string Section)> OptionsClasses()
    {
        foreach (var type in ProductTypes())
            if (SectionOf(type) is { } section && !ReadersByHand.Contains(type.Name)) yield return (type, section);
    }

    private static string? SectionOf(Type type) =>
        type.GetField("Section", BindingFlags.Public | BindingFlags.Static) is { IsLiteral: true } field && field.FieldType == typeof(string)
            ? (string?)field.GetRawConstantValue()
            : null;

    /// <summary>
    /// The keys the configuration binder fills under <paramref name="path"/>: a value is a key; a dictionary's
    /// entries and a list's items are <c>{}</c>; an object's settable properties are followed.
    /// </summary>
    private static IEnumerable<Key> KeysOf(Type type, string path, object? value, bool hasDefault, string source)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (IsValue(type))
        {
            yield return new Key(path, source, value, hasDefault);
            yield break;
        }
        if (EntryType(type) is { } entry)
        {
            // An entry's defaults are those of a new entry; a list of values has none.
            var entryDefault = IsValue(entry) ? null : New(entry);
            foreach (var key in KeysOf(entry, path + ":{}", entryDefault, hasDefault: entryDefault is not null, source)) yield return key;
            yield break;
        }
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                     .Where(p => p.SetMethod is { IsPublic: true } && p.GetIndexParameters().Length == 0))
            foreach (var key in KeysOf(property.PropertyType, $"{path}:{property.Name}", value is null ? null : property.GetValue(value), hasDefault, source))
                yield return key;
    }

    private static IEnumerable<Type> TypesUnder(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (IsValue(type)) yield break;
        yield return type;
        var next = EntryType(type) is { } entry
            ? [entry]
            : type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.SetMethod is { IsPublic: true }).Select(p => p.PropertyType);
        foreach (var inner in next.SelectMany(TypesUnder)) yield return inner;
    }

    private static bool IsValue(Type type) =>
        type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal) || type == typeof(TimeSpan)
        || type == typeof(DateTime) || type == typeof(DateTimeOffset) || type == typeof(Guid) || type == typeof(Uri);

    /// <summary>A dictionary's value type, or a list's item type; null for anything else.</summary>
    private static Type? EntryType(Type type)
    {
        if (type.IsArray) return type.GetElementType();
        var generic = type.GetInterfaces().Append(type).Where(i => i.IsGenericType).ToList();
        return generic.FirstOrDefault(i => i.GetGenericTypeDefinition() == typeof(IDictionary<,>))?.GetGenericArguments()[1]
               ?? generic.FirstOrDefault(i => i.GetGenericTypeDefinition() == typeof(IEnumerable<>))?.GetGenericArguments()[0];
    }

    private static object? New(Type type) => type.GetConstructor(Type.EmptyTypes) is null ? null : Activator.CreateInstance(type);

    /// <summary>A default as configuration takes it; null when there is none to compare (no value, an empty text).</summary>
    private static string? Format(object? value) => value switch
    {
        null => null,
        string text => text.Length == 0 ? null : text,
        bool flag => flag ? "true" : "false",
        TimeSpan span => span.ToString("c", CultureInfo.InvariantCulture),
        Enum member => member.ToString(),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    /// <summary>The rows of the document's key tables (a header starting <c>| key |</c>): the key and the default cell.</summary>
    private static List<Row> Documented() =>
        Markdown.TableRows(Repository.Read(Reference), "key")
            .Select(r => new Row(Markdown.FirstCode(r.Cells[0]) ?? r.Cells[0], r.Cells.Length > 1 ? r.Cells[1] : "", r.Line))
            .ToList();

    /// <summary>Placeholders (<c>{platformId}</c>, <c>&lt;category&gt;</c>) made one.</summary>
    private static string Normal(string key) => Placeholder().Replace(key, "{}");

    /// <summary>Whether a key named in a document is, or begins, a known key: a placeholder there stands for any segment.</summary>
    private static bool IsPrefix(string[] named, string[] known) =>
        named.Length <= known.Length
        && named.Select((segment, i) => known[i] == "{}" || (segment != "{}" && segment.Equals(known[i], StringComparison.OrdinalIgnoreCase))).All(match => match);

    private static IReadOnlyList<Type> ProductTypes() => ProductTypesOnce.Value;

    private static readonly Lazy<IReadOnlyList<Type>> ProductTypesOnce = new(() =>
        Repository.Projects.Where(Repository.IsProduct).Select(project =>
        {
            var name = Repository.ProjectName(project);
            try { return Assembly.Load(name); }
            catch (FileNotFoundException)
            {
                throw new AssertionException($"{name} ({project}) is not beside the tests: reference it from tests/Pharos.Triage.Tests so that its options are checked.");
            }
        }).SelectMany(a => a.GetTypes()).ToList());

    [GeneratedRegex(@"\{[^}:]*\}|<[^>:]*>")]
    private static partial Regex Placeholder();

    /// <summary><c>Pharos:…</c>, <c>Pharos__…</c> and connection strings, in either spelling, with placeholders.</summary>
    [GeneratedRegex(@"(?<![\w.])(?:Pharos|ConnectionStrings)(?:(?:__|:)[A-Za-z0-9_{}<>-]+)+")]
    private static partial Regex KeyInText();
}
