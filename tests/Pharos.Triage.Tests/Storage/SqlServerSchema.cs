using Assembly = System.Reflection.Assembly;
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

    /// <summary>The runner's record table first (it makes it before any script), then the schema's scripts.</summary>
    private static IEnumerable<(string Id, string Sql)> Scripts(string schema) =>
        Services[schema].SelectMany(a => MigrationRunner.ScriptsIn(a, DatabaseProvider.SqlServer)).Select(s => (s.Id, s.Sql))
            .Prepend(("runner/record_table", string.Join("\nGO\n", MigrationSql.SqlServer.RecordTable)));

    private static TSqlModel Fold(string schema, IEnumerable<(string Id, string Sql)> scripts, int dataChangesBefore, List<(string Name, string Sql)> dataChanges)
    {
        var seen = 0;
        var tables = new Dictionary<string, CreateTableStatement>(StringComparer.OrdinalIgnoreCase);
        var indexes = new Dictionary<string, CreateIndexStatement>(StringComparer.OrdinalIgnoreCase);
        var triggers = new List<CreateTriggerStatement>();

        foreach (var script in scripts)
        foreach (var batch in MigrationRunner.Batches(script.Sql))
        foreach (var parsed in Parse(batch, script.Id))
        {
            // An idempotent statement (IF the table or column is missing, make it) folds as what it makes.
            var statement = parsed is IfStatement { ThenStatement: CreateTableStatement or AlterTableAddTableElementStatement, ElseStatement: null } conditional
                ? conditional.ThenStatement
                : parsed;
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

    /// <summary>
    /// Every column of the schema's tables, by table and column: its type, and the most it holds as declared (characters
    /// for a character type, bytes for a binary one), null for (MAX) or a type declared with no size.
    /// </summary>
    public static Dictionary<(string Table, string Column), (string Type, int? Size)> Columns(string schema)
    {
        using var model = Build(schema);
        return Columns(model);
    }

    /// <summary>Every column of the model's tables, as <see cref="Columns(string)"/> gives them.</summary>
    public static Dictionary<(string Table, string Column), (string Type, int? Size)> Columns(TSqlModel model)
    {
        var columns = new Dictionary<(string, string), (string, int?)>();
        foreach (var table in model.GetObjects(DacQueryScopes.UserDefined, Table.TypeClass))
        foreach (var column in table.GetReferenced(Table.Columns))
        {
            var type = column.GetReferenced(Column.DataType).Single().Name.Parts[^1];
            var sized = (IsText(type) || type is "varbinary" or "binary") && !column.GetProperty<bool>(Column.IsMax);
            columns[(table.Name.Parts[^1], column.Name.Parts[^1])] = (type, sized ? column.GetProperty<int>(Column.Length) : null);
        }
        return columns;
    }

    /// <summary>
    /// The declared length of every character column of the schema's tables, by table and column: null for (MAX), which
    /// holds any value the code can write.
    /// </summary>
    public static Dictionary<(string Table, string Column), int?> TextColumnLengths(string schema) =>
        Columns(schema).Where(c => IsText(c.Value.Type)).ToDictionary(c => c.Key, c => c.Value.Size);

    /// <summary>Whether a SQL Server type holds text.</summary>
    public static bool IsText(string type) => type is "nvarchar" or "varchar" or "nchar" or "char";
}
