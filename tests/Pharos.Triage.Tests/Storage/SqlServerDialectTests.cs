using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.SqlServer.TransactSql.ScriptDom;
using Pharos.Triage.Access;
using Pharos.Triage.Escalation.Data;
using Pharos.Triage.Infrastructure.Outbox;
using Pharos.Triage.Infrastructure.Platforms;
using Pharos.Triage.Infrastructure.Storage;
using Pharos.Triage.Intake.Data;
using Pharos.Triage.PlatformLiaison.Data;
using Pharos.Triage.Routing.Data;

namespace Pharos.Triage.Tests.Storage;

/// <summary>What the tests of both dialects share: the assemblies, the SQL classes and their statements.</summary>
internal static partial class Statements
{
    public static readonly Assembly[] Assemblies =
    [
        typeof(MigrationRunner).Assembly,
        typeof(IntakeSql).Assembly,
        typeof(RoutingSql).Assembly,
        typeof(LiaisonSql).Assembly,
        typeof(EscalationSql).Assembly,
        typeof(AccessSql).Assembly,
    ];

    public static readonly Type[] SqlClasses = [typeof(IntakeSql), typeof(RoutingSql), typeof(LiaisonSql), typeof(EscalationSql), typeof(AccessSql), typeof(OutboxSql), typeof(PlatformDirectorySql), typeof(MigrationSql)];

    /// <summary>The statements of each SQL class in one dialect, and the service whose database they run on.</summary>
    public static IEnumerable<(string Service, object Sql)> SqlObjects(bool sqlServer) =>
    [
        ("intake", new IntakeSql(sqlServer)),
        ("routing", new RoutingSql(sqlServer)),
        ("liaison", new LiaisonSql(sqlServer)),
        ("escalation", new EscalationSql(sqlServer)),
        ("access", new AccessSql(sqlServer)),
        (AnyService, sqlServer ? OutboxSql.SqlServer : OutboxSql.Sqlite),
        (AnyService, sqlServer ? PlatformDirectorySql.SqlServer : PlatformDirectorySql.Sqlite),
        // The runner's record table is in every database (access's too); the services' are where the tests look.
        (AnyService, sqlServer ? MigrationSql.SqlServer : MigrationSql.Sqlite),
    ];

    /// <summary>The outbox and inbox live in every service's database.</summary>
    public const string AnyService = "*";

    /// <summary>Every public string property, so that a statement added later is checked without touching the tests.</summary>
    public static IEnumerable<(string Name, string Sql)> Of(object sqlObject) =>
        sqlObject.GetType()
            .GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.PropertyType == typeof(string))
            .Select(p => ($"{sqlObject.GetType().Name}.{p.Name}", (string)p.GetValue(sqlObject)!));

    /// <summary>The text as Dapper sends it: a list parameter <c>IN @Ids</c> is expanded to a parenthesised list.</summary>
    public static string AsSent(string sql) => ListParameter().Replace(sql, "IN (@$1)");

    [GeneratedRegex(@"\bIN\s+@(\w+)", RegexOptions.IgnoreCase)]
    private static partial Regex ListParameter();
}

public class When_parsing_the_sql_server_dialect
{
    private static IEnumerable<TestCaseData> SqlServerScripts() =>
        Statements.Assemblies.SelectMany(a => MigrationRunner.ScriptsIn(a, DatabaseProvider.SqlServer))
            .Select(s => new TestCaseData(s.Sql).SetArgDisplayNames(s.Id));

    private static IEnumerable<TestCaseData> SqlServerStatements() =>
        Statements.SqlObjects(sqlServer: true).SelectMany(o => Statements.Of(o.Sql))
            .Select(s => new TestCaseData(s.Sql).SetArgDisplayNames(s.Name));

    private static IEnumerable<TestCaseData> EveryAssembly() =>
        Statements.Assemblies.Select(a => new TestCaseData(a).SetArgDisplayNames(a.GetName().Name!));

    [TestCaseSource(nameof(SqlServerScripts))]
    public void A_migration_script_parses(string script)
    {
        var batches = MigrationRunner.Batches(script).ToList();

        var errors = batches.SelectMany((batch, index) => Parse(batch).Select(e => $"batch {index + 1}, {e}")).ToList();

        Assert.That(batches, Is.Not.Empty);
        Assert.That(errors, Is.Empty, () => string.Join(Environment.NewLine, errors));
    }

    [TestCaseSource(nameof(SqlServerStatements))]
    public void A_statement_parses(string sql)
    {
        var errors = Parse(Statements.AsSent(sql));

        Assert.That(sql, Is.Not.Empty.And.Not.WhiteSpace);
        Assert.That(errors, Is.Empty, () => string.Join(Environment.NewLine, errors) + Environment.NewLine + sql);
    }

    [TestCaseSource(nameof(EveryAssembly))]
    public void Every_assembly_has_the_same_scripts_for_both_providers(Assembly assembly)
    {
        var sqlServer = MigrationRunner.ScriptsIn(assembly, DatabaseProvider.SqlServer).Select(s => s.Id).ToList();
        var sqlite = MigrationRunner.ScriptsIn(assembly, DatabaseProvider.Sqlite).Select(s => s.Id).ToList();

        Assert.That(sqlServer, Is.Not.Empty);
        Assert.That(sqlite, Is.EqualTo(sqlServer));
    }

    [Test]
    public void Every_sql_class_is_checked()
    {
        var sqlClasses = Statements.Assemblies.SelectMany(a => a.GetExportedTypes())
            .Where(t => t.IsClass && t.Name.EndsWith("Sql", StringComparison.Ordinal));

        Assert.That(sqlClasses, Is.EquivalentTo(Statements.SqlClasses));
        Assert.That(Statements.SqlObjects(sqlServer: true).Select(o => o.Sql.GetType()), Is.EquivalentTo(Statements.SqlClasses));
    }

    private static IEnumerable<TestCaseData> MigrationRunnerStatements() =>
        MigrationSql.SqlServer.RecordTable.Select((sql, i) => new TestCaseData(sql).SetArgDisplayNames($"MigrationSql.RecordTable[{i}]"))
            .Append(new TestCaseData(MigrationLock.Take).SetArgDisplayNames("MigrationLock.Take"))
            .Append(new TestCaseData(MigrationLock.Release).SetArgDisplayNames("MigrationLock.Release"));

    /// <summary>The runner's own statements that are no string property: its record table's, and the lock's.</summary>
    [TestCaseSource(nameof(MigrationRunnerStatements))]
    public void A_statement_of_the_migration_runner_parses(string sql)
    {
        var errors = Parse(sql);

        Assert.That(errors, Is.Empty, () => string.Join(Environment.NewLine, errors) + Environment.NewLine + sql);
    }

    [Test]
    public void The_parser_reports_what_sql_server_refuses()
    {
        // A check of the check: SQLite's LIMIT and RETURNING are not T-SQL.
        Assert.That(Parse("SELECT id FROM outbox ORDER BY id LIMIT 10;"), Is.Not.Empty);
        Assert.That(Parse("UPDATE reference_counters SET last_value = last_value + 1 WHERE year = @Year RETURNING last_value;"), Is.Not.Empty);
    }

    private static List<string> Parse(string sql)
    {
        var parser = new TSql160Parser(initialQuotedIdentifiers: true);
        using var reader = new StringReader(sql);
        parser.Parse(reader, out var errors);
        return errors.Select(e => $"line {e.Line}, column {e.Column}: {e.Message} (error {e.Number})").ToList();
    }
}

public class When_preparing_the_sqlite_dialect
{
    private static readonly string[] Services = ["intake", "routing", "liaison", "escalation"];

    private string _directory = "";
    private readonly Dictionary<string, ServiceDatabase> _databases = [];

    private static IEnumerable<TestCaseData> SqliteStatements() =>
        from o in Statements.SqlObjects(sqlServer: false)
        from service in o.Service == Statements.AnyService ? Services : [o.Service]
        from s in Statements.Of(o.Sql)
        select new TestCaseData(service, s.Sql).SetArgDisplayNames(o.Service == Statements.AnyService ? $"{s.Name} on {service}" : s.Name);

    [OneTimeSetUp]
    public async Task Apply_every_migration_to_fresh_databases()
    {
        _directory = Path.Combine(Path.GetTempPath(), "pharos-sql-" + Guid.NewGuid().ToString("N"));
        ServiceDatabase Create(string service, Func<DatabaseProvider, string, string, ServiceDatabase> create) =>
            create(DatabaseProvider.Sqlite, ServiceDatabase.SqliteConnectionString(_directory, service), "NORMAL");

        _databases["intake"] = Create("intake", (p, c, s) => new IntakeDatabase(p, c, s));
        _databases["routing"] = Create("routing", (p, c, s) => new RoutingDatabase(p, c, s));
        _databases["liaison"] = Create("liaison", (p, c, s) => new LiaisonDatabase(p, c, s));
        _databases["escalation"] = Create("escalation", (p, c, s) => new EscalationDatabase(p, c, s));

        foreach (var database in _databases.Values)
            await MigrationRunner.ApplyAsync(database, [typeof(MigrationRunner).Assembly, database.GetType().Assembly], NullLogger.Instance);

        // The access store is no service: it has no outbox, only its own scripts.
        _databases["access"] = Create("access", (p, c, s) => new AccessDatabase(p, c, s));
        await MigrationRunner.ApplyAsync(_databases["access"], [typeof(AccessDatabase).Assembly], NullLogger.Instance);
    }

    [OneTimeTearDown]
    public void Delete_the_databases()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_directory)) Directory.Delete(_directory, recursive: true);
    }

    [TestCaseSource(nameof(SqliteStatements))]
    public async Task A_statement_prepares_against_its_service_database(string service, string sql)
    {
        await using var connection = await _databases[service].OpenAsync();
        await using var command = (SqliteCommand)connection.CreateCommand();
        command.CommandText = Statements.AsSent(sql);

        Assert.That(command.Prepare, Throws.Nothing, sql);
    }

    [TestCase("intake")]
    [TestCase("routing")]
    [TestCase("liaison")]
    [TestCase("escalation")]
    public async Task Every_script_of_the_service_and_of_infrastructure_is_recorded(string service)
    {
        var database = _databases[service];
        var expected = new[] { typeof(MigrationRunner).Assembly, database.GetType().Assembly }
            .SelectMany(a => MigrationRunner.ScriptsIn(a, DatabaseProvider.Sqlite)).Select(s => s.Id);
        await using var connection = await database.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT id FROM schema_migrations";
        var applied = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync())
            while (await reader.ReadAsync()) applied.Add(reader.GetString(0));

        Assert.That(applied, Is.EquivalentTo(expected));
    }

    [Test]
    public async Task A_misspelt_column_does_not_prepare()
    {
        // A check of the check: Prepare must resolve column names, or the tests above prove nothing.
        await using var connection = await _databases["liaison"].OpenAsync();
        await using var command = (SqliteCommand)connection.CreateCommand();
        command.CommandText = "SELECT acknowleged_at FROM requests WHERE id = @Id;";

        Assert.That(command.Prepare, Throws.InstanceOf<SqliteException>().With.Message.Contains("acknowleged_at"));
    }
}
