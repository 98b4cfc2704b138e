using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Microsoft.SqlServer.Dac;
using Microsoft.SqlServer.Dac.Model;

namespace Pharos.Triage.Tests.Storage;

/// <summary>The statements of the code, bound to <see cref="SqlServerSchema"/>'s models.</summary>
internal static partial class SqlServerSchema
{
    /// <summary>
    /// A statement the code sends, as the body of a procedure in the service's schema, so that DacFx resolves its names
    /// as SQL Server would for the service's login. Every parameter is declared sql_variant: DacFx binds names, not
    /// types. A Dapper list (<c>IN @Ids</c>) becomes one parameter in parentheses, as Dapper expands it.
    /// </summary>
    public static void AddStatement(TSqlModel model, string schema, string name, string sql)
    {
        var body = Statements.AsSent(sql);
        var parameters = Parameter().Matches(body).Select(m => m.Groups[1].Value).Distinct(StringComparer.OrdinalIgnoreCase)
            .Select(p => $"@{p} sql_variant");
        var procedure = $"""
            CREATE PROCEDURE [{schema}].[{name}] {string.Join(", ", parameters)}
            AS
            BEGIN
            {body}
            END;
            """;
        model.AddOrUpdateObjects(procedure, name, new TSqlObjectOptions());
    }

    /// <summary>
    /// What DacFx says of the model: the errors of the scripts it was given (by source name), then every error and
    /// warning of validation (named by the object they concern, so a procedure's are found by its name).
    /// </summary>
    public static List<string> Problems(TSqlModel model) =>
    [
        .. model.GetModelErrors().Select(e => $"{e.SourceName}: {e.Severity} {e.Prefix}{e.ErrorCode}: {e.Message} (line {e.Line})"),
        .. model.Validate().Where(e => e.MessageType is DacMessageType.Error or DacMessageType.Warning)
            .Select(e => $"{e.MessageType} {e.Prefix}{e.Number}: {e.Message}"),
    ];

    /// <summary>The problems that concern the procedure holding one statement.</summary>
    public static List<string> Of(IEnumerable<string> problems, string schema, string name) =>
        problems.Where(p => p.StartsWith(name + ": ", StringComparison.Ordinal) || p.Contains($"[{schema}].[{name}]", StringComparison.OrdinalIgnoreCase)).ToList();

    // A parameter, not a system function (@@ROWCOUNT).
    [GeneratedRegex(@"(?<!@)@(\w+)")]
    private static partial Regex Parameter();
}

public class When_every_sql_server_statement_is_bound_to_the_schema
{
    // One model per schema, with every statement of the code as a procedure in it, validated once.
    private static readonly ConcurrentDictionary<string, Lazy<List<string>>> Validated = new();

    private static IEnumerable<(string Schema, string Name, string Sql)> Procedures(string schema) =>
        from o in Statements.SqlObjects(sqlServer: true)
        where o.Service == Statements.AnyService ? schema != "access" : o.Service == schema
        from s in Statements.Of(o.Sql)
        select (schema, s.Name, s.Sql);

    private static IEnumerable<TestCaseData> SqlServerStatements() =>
        from schema in SqlServerSchema.Services.Keys
        from p in Procedures(schema)
        select new TestCaseData(p.Schema, p.Name).SetArgDisplayNames($"{p.Name} in {p.Schema}");

    private static IEnumerable<TestCaseData> MigrationDataChanges() =>
        from schema in SqlServerSchema.Services.Keys
        from change in SqlServerSchema.DataChanges(schema).Select((c, i) => (c.Name, c.Sql, Index: i))
        select new TestCaseData(schema, change.Index, change.Sql).SetArgDisplayNames($"{change.Name} in {schema}");

    private static IEnumerable<TestCaseData> Schemas() => SqlServerSchema.Services.Keys.Select(s => new TestCaseData(s).SetArgDisplayNames(s));

    [TestCaseSource(nameof(Schemas))]
    public void The_migrations_make_a_valid_model(string schema)
    {
        var statements = Procedures(schema).Select(p => p.Name).ToList();
        var problems = Problems(schema).Where(p => !statements.Any(name => SqlServerSchema.Of([p], schema, name).Count > 0)).ToList();

        Assert.That(problems, Is.Empty, () => string.Join(Environment.NewLine, problems));
    }

    [TestCaseSource(nameof(SqlServerStatements))]
    public void A_statement_binds_to_its_schema(string schema, string name)
    {
        var problems = SqlServerSchema.Of(Problems(schema), schema, name);

        Assert.That(problems, Is.Empty, () => string.Join(Environment.NewLine, problems));
    }

    /// <summary>A migration's UPDATE, INSERT or DELETE, bound to the schema as it stood when the statement ran.</summary>
    [TestCaseSource(nameof(MigrationDataChanges))]
    public void A_migration_data_change_binds_to_the_schema_it_ran_on(string schema, int index, string sql)
    {
        using var model = SqlServerSchema.Build(schema, dataChangesBefore: index);
        SqlServerSchema.AddStatement(model, schema, "Migration.DataChange", sql);

        var problems = SqlServerSchema.Of(SqlServerSchema.Problems(model), schema, "Migration.DataChange");

        Assert.That(problems, Is.Empty, () => string.Join(Environment.NewLine, problems) + Environment.NewLine + sql);
    }

    [Test]
    public void A_migration_data_change_does_not_bind_to_a_later_schema()
    {
        // A check of the check: 004's UPDATE reads grace_ms, which the same script then drops.
        var (name, sql) = SqlServerSchema.DataChanges("escalation").First(c => c.Name.Contains("004_deadlines_from_routing", StringComparison.Ordinal));
        using var model = SqlServerSchema.Build("escalation");
        SqlServerSchema.AddStatement(model, "escalation", "Migration.DataChange", sql);

        var problems = SqlServerSchema.Of(SqlServerSchema.Problems(model), "escalation", "Migration.DataChange");

        Assert.That(problems, Has.Some.Contains("grace_ms"), name);
    }

    [Test]
    public void A_column_a_migration_altered_has_its_new_type()
    {
        // No migration alters a column yet: the fold is shown on scripts of the test's own.
        using var model = SqlServerSchema.Build("intake", [
            ("001", "CREATE TABLE notes (id INT NOT NULL, body NVARCHAR(100) NOT NULL, seen BIT NULL);"),
            ("002", "ALTER TABLE notes ALTER COLUMN body NVARCHAR(MAX) NOT NULL;\nGO\nALTER TABLE notes ALTER COLUMN seen INT;")]);

        var table = model.GetObject(Table.TypeClass, new ObjectIdentifier("intake", "notes"), DacQueryScopes.UserDefined);
        var columns = table.GetReferenced(Table.Columns).ToDictionary(
            c => c.Name.Parts[^1],
            c => (Type: c.GetReferenced(Column.DataType).Single().Name.Parts[^1], Length: c.GetProperty<int>(Column.Length), Max: c.GetProperty<bool>(Column.IsMax), Nullable: c.GetProperty<bool>(Column.Nullable)));

        Assert.That(columns["body"], Is.EqualTo((Type: "nvarchar", Length: 0, Max: true, Nullable: false)));
        Assert.That(columns["seen"], Is.EqualTo((Type: "int", Length: 0, Max: false, Nullable: true)));
        Assert.That(SqlServerSchema.Problems(model), Is.Empty);
    }

    [Test]
    public void Every_statement_is_in_a_schema()
    {
        var services = Statements.SqlObjects(sqlServer: true).Select(o => o.Service).Where(s => s != Statements.AnyService);

        // Each service's statements run in the schema of its name (deploy/sqlserver/init.sql): none is left unchecked.
        Assert.That(services, Is.SubsetOf(SqlServerSchema.Services.Keys));
    }

    // Checks of the check: each kind of mistake a parser lets through, and DacFx must not.
    [TestCase("intake", "SELECT id FROM report WHERE id = @Id;", "report]", TestName = "An unknown table does not bind")]
    [TestCase("liaison", "SELECT acknowleged_at FROM requests WHERE id = @Id;", "acknowleged_at", TestName = "An unknown column does not bind")]
    [TestCase("routing", """
        WITH batch AS (
            SELECT TOP (@BatchSize) id, message_id, message_type, body, locked_until
            FROM outbox WITH (UPDLOCK, READPAST, ROWLOCK)
            WHERE sent_at IS NULL AND (locked_until IS NULL OR locked_until < @Now)
            ORDER BY id)
        UPDATE batch SET locked_until = @LockedUntil
        OUTPUT inserted.id AS Id, inserted.attempts AS Attempts;
        """, "attempts", TestName = "A column the CTE does not carry does not bind")]
    // The fold of the migrations: a column dropped by a later script is gone.
    [TestCase("escalation", "SELECT grace_ms FROM deadline_clocks WHERE request_id = @RequestId;", "grace_ms", TestName = "A column a migration dropped does not bind")]
    // Production creates each service's tables in its own schema; a statement that names another (dbo, or another
    // service's) finds nothing there.
    [TestCase("escalation", "SELECT COUNT(*) FROM dbo.outbox WHERE sent_at IS NULL;", "outbox", TestName = "A table in the wrong schema does not bind")]
    [TestCase("intake", "SELECT name FROM routing.platforms WHERE id = @Id;", "platforms", TestName = "Another service's table does not bind")]
    public void A_known_bad_statement_does_not_bind(string schema, string sql, string named)
    {
        using var model = SqlServerSchema.Build(schema);
        SqlServerSchema.AddStatement(model, schema, "Known.Bad", sql);

        var problems = SqlServerSchema.Of(SqlServerSchema.Problems(model), schema, "Known.Bad");

        Assert.That(problems, Is.Not.Empty);
        // DacFx reports a procedure's unresolved names as warnings, which the statements above may not have either.
        Assert.That(problems, Has.Some.Contains(named), () => string.Join(Environment.NewLine, problems));
    }

    private static List<string> Problems(string schema) =>
        Validated.GetOrAdd(schema, s => new Lazy<List<string>>(() =>
        {
            using var model = SqlServerSchema.Build(s);
            foreach (var p in Procedures(s)) SqlServerSchema.AddStatement(model, s, p.Name, p.Sql);
            return SqlServerSchema.Problems(model);
        })).Value;
}
