using System.Collections.Concurrent;
using Assembly = System.Reflection.Assembly;
using System.Text.RegularExpressions;
using Microsoft.SqlServer.Dac;
using Microsoft.SqlServer.Dac.Model;
using Microsoft.SqlServer.TransactSql.ScriptDom;
using Pharos.Triage.Access;
using Pharos.Triage.Escalation.Data;
using Pharos.Triage.Infrastructure.Storage;
using Pharos.Triage.Intake.Data;
using Pharos.Triage.PlatformLiaison.Data;
using Pharos.Triage.Routing.Data;

namespace Pharos.Triage.Tests.Storage;

/// <summary>
/// The SQL Server schema of one service as DacFx sees it: its migrations (and Infrastructure's outbox and inbox) folded
/// into declarative objects in the service's own schema, where production creates them (deploy/sqlserver/init.sql:
/// each service's login has its schema as default schema and the scripts name no schema).
/// </summary>
internal static partial class SqlServerSchema
{
    /// <summary>Each service's schema, and the assemblies whose SQL Server migrations build it, in the order they run.</summary>
    public static readonly IReadOnlyDictionary<string, Assembly[]> Services = new Dictionary<string, Assembly[]>
    {
        ["intake"] = [typeof(MigrationRunner).Assembly, typeof(IntakeSql).Assembly],
        ["routing"] = [typeof(MigrationRunner).Assembly, typeof(RoutingSql).Assembly],
        ["liaison"] = [typeof(MigrationRunner).Assembly, typeof(LiaisonSql).Assembly],
        ["escalation"] = [typeof(MigrationRunner).Assembly, typeof(EscalationSql).Assembly],
        // The access store is no service: no outbox, only its own scripts, in the schema `access`.
        ["access"] = [typeof(AccessSql).Assembly],
    };

    /// <summary>
    /// A DacFx model is declarative: it takes CREATE statements, not ALTER TABLE ... ADD or DROP INDEX. So the
    /// migrations are applied to ScriptDom trees, in order (a column added is added to its CREATE TABLE, an index
    /// dropped is removed), and only what stands after the last script (or before the data change numbered
    /// <paramref name="dataChangesBefore"/>) goes into the model. Data changes (UPDATE, INSERT, DELETE in a migration)
    /// change no schema and are left out, to be bound as statements to the schema they ran on; any other kind of
    /// statement fails, so that a new kind of migration cannot pass unmodelled.
    /// </summary>
    public static TSqlModel Build(string schema, int dataChangesBefore = int.MaxValue) =>
        Fold(schema, Scripts(schema), dataChangesBefore, []);

    /// <summary>A model of the given scripts alone, in order.</summary>
    public static TSqlModel Build(string schema, IEnumerable<(string Id, string Sql)> scripts) => Fold(schema, scripts, int.MaxValue, []);

    /// <summary>The data changes of the schema's migrations, in order, each named by its script.</summary>
    public static List<(string Name, string Sql)> DataChanges(string schema)
    {
        var changes = new List<(string Name, string Sql)>();
        using var _ = Fold(schema, Scripts(schema), int.MaxValue, changes);
        return changes;
    }

    private static IEnumerable<(string Id, string Sql)> Scripts(string schema) =>
        Services[schema].SelectMany(a => MigrationRunner.ScriptsIn(a, DatabaseProvider.SqlServer)).Select(s => (s.Id, s.Sql));

    private static TSqlModel Fold(string schema, IEnumerable<(string Id, string Sql)> scripts, int dataChangesBefore, List<(string Name, string Sql)> dataChanges)
    {
        var seen = 0;
        var tables = new Dictionary<string, CreateTableStatement>(StringComparer.OrdinalIgnoreCase);
        var indexes = new Dictionary<string, CreateIndexStatement>(StringComparer.OrdinalIgnoreCase);
        var triggers = new List<CreateTriggerStatement>();

        foreach (var script in scripts)
        foreach (var batch in MigrationRunner.Batches(script.Sql))
        foreach (var statement in Parse(batch, script.Id))
        {
            if (statement is UpdateStatement or InsertStatement or DeleteStatement && seen++ == dataChangesBefore) goto folded;
            switch (statement)
            {
                case CreateTableStatement create:
                    tables.Add(create.SchemaObjectName.BaseIdentifier.Value, create);
                    break;
                case AlterTableAddTableElementStatement add:
                    var definition = tables[add.SchemaObjectName.BaseIdentifier.Value].Definition;
                    foreach (var column in add.Definition.ColumnDefinitions) definition.ColumnDefinitions.Add(column);
                    foreach (var constraint in add.Definition.TableConstraints) definition.TableConstraints.Add(constraint);
                    foreach (var index in add.Definition.Indexes) definition.Indexes.Add(index);
                    break;
                case AlterTableDropTableElementStatement drop:
                    var dropped = tables[drop.SchemaObjectName.BaseIdentifier.Value].Definition;
                    foreach (var element in drop.AlterTableDropTableElements)
                    {
                        var name = element.Name.Value;
                        var removed = element.TableElementType == TableElementType.Column
                            ? dropped.ColumnDefinitions.Remove(dropped.ColumnDefinitions.Single(c => Same(c.ColumnIdentifier, name)))
                            : dropped.TableConstraints.Remove(dropped.TableConstraints.Single(c => Same(c.ConstraintIdentifier, name)));
                        if (!removed) throw new InvalidOperationException($"{script.Id}: nothing named {name} to drop");
                    }
                    break;
                case AlterTableAlterColumnStatement alter
                    when alter.AlterTableAlterColumnOption is AlterTableAlterColumnOption.NoOptionDefined or AlterTableAlterColumnOption.Null or AlterTableAlterColumnOption.NotNull
                         && alter.DataType is not null:
                    // A new type; nullability as SQL Server decides it: NULL unless NOT NULL is said again.
                    var altered = tables[alter.SchemaObjectName.BaseIdentifier.Value].Definition.ColumnDefinitions.Single(c => Same(c.ColumnIdentifier, alter.ColumnIdentifier.Value));
                    altered.DataType = alter.DataType;
                    altered.Collation = alter.Collation;
                    foreach (var nullable in altered.Constraints.OfType<NullableConstraintDefinition>().ToList()) altered.Constraints.Remove(nullable);
                    altered.Constraints.Add(new NullableConstraintDefinition { Nullable = alter.AlterTableAlterColumnOption != AlterTableAlterColumnOption.NotNull });
                    break;
                case CreateIndexStatement index:
                    indexes.Add(IndexKey(index.OnName, index.Name), index);
                    break;
                case DropIndexStatement dropIndex:
                    foreach (var clause in dropIndex.DropIndexClauses.Cast<DropIndexClause>())
                        if (!indexes.Remove(IndexKey(clause.Object, clause.Index)))
                            throw new InvalidOperationException($"{script.Id}: no index {clause.Index.Value} to drop");
                    break;
                case CreateTriggerStatement trigger:
                    triggers.Add(trigger);
                    break;
                case UpdateStatement or InsertStatement or DeleteStatement:
                    new Sql160ScriptGenerator().GenerateScript(statement, out var change);
                    dataChanges.Add(($"{script.Id}.{dataChanges.Count(c => c.Name.StartsWith(script.Id + ".", StringComparison.Ordinal)) + 1}", change));
                    break;
                default:
                    throw new InvalidOperationException($"{script.Id}: a {statement.GetType().Name} the model does not fold");
            }
        }

        folded:
        var model = new TSqlModel(SqlServerVersion.Sql160, new TSqlModelOptions());
        model.AddObjects(schema == "dbo" ? "" : $"CREATE SCHEMA [{schema}];");
        foreach (var table in tables.Values)
        {
            Qualify(table.SchemaObjectName, schema);
            foreach (var reference in table.Definition.ColumnDefinitions.SelectMany(c => c.Constraints).Concat(table.Definition.TableConstraints).OfType<ForeignKeyConstraintDefinition>())
                Qualify(reference.ReferenceTableName, schema);
            Add(model, table, $"table {table.SchemaObjectName.BaseIdentifier.Value}");
        }
        foreach (var index in indexes.Values)
        {
            Qualify(index.OnName, schema);
            Add(model, index, $"index {index.Name.Value}");
        }
        foreach (var trigger in triggers)
        {
            Qualify(trigger.Name, schema);
            Qualify(trigger.TriggerObject.Name, schema);
            Add(model, trigger, $"trigger {trigger.Name.BaseIdentifier.Value}");
        }
        return model;
    }

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

    private static IList<TSqlStatement> Parse(string batch, string scriptId)
    {
        var parser = new TSql160Parser(initialQuotedIdentifiers: true);
        using var reader = new StringReader(batch);
        var fragment = (TSqlScript)parser.Parse(reader, out var errors);
        if (errors.Count > 0) throw new InvalidOperationException($"{scriptId}: {errors[0].Message}");
        return fragment.Batches.SelectMany(b => b.Statements).ToList();
    }

    private static void Add(TSqlModel model, TSqlStatement statement, string sourceName)
    {
        new Sql160ScriptGenerator().GenerateScript(statement, out var script);
        model.AddOrUpdateObjects(script, sourceName, new TSqlObjectOptions());
    }

    private static void Qualify(SchemaObjectName name, string schema)
    {
        if (name.SchemaIdentifier is not null) return;
        name.Identifiers.Insert(0, new Identifier { Value = schema });
    }

    private static bool Same(Identifier identifier, string name) => string.Equals(identifier.Value, name, StringComparison.OrdinalIgnoreCase);

    private static string IndexKey(SchemaObjectName table, Identifier index) => $"{table.BaseIdentifier.Value}.{index.Value}";

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
