using Microsoft.SqlServer.TransactSql.ScriptDom;
using Pharos.Triage.Infrastructure.Storage;
using Pharos.Triage.PlatformLiaison.Data;

namespace Pharos.Triage.Tests.Storage;

/// <summary>
/// The SQL Server webhook claim reads each platform's first due notices by seeking the platform's index, as the SQLite
/// one does, and takes update locks only on the rows it claims: ranking the whole backlog under UPDLOCK locked every due
/// row, so a second dispatcher skipped them all. No SQL Server runs here, so this checks the statement's shape, parsed
/// with ScriptDom, and the index it seeks; the plan itself is for a real server to confirm.
/// </summary>
public class When_the_sql_server_dispatcher_claims_webhook_notices
{
    private const string Table = "webhook_deliveries";

    private static readonly TSqlFragment Claim = Parse(Statements.AsSent(new LiaisonSql(sqlServer: true).ClaimDeliveries));

    [Test]
    public void Update_locks_are_taken_only_by_a_seek_of_one_platforms_first_due_notices()
    {
        var locked = Queries(Claim).SelectMany(q => DirectTables(q).Select(t => (Query: q, Table: t)))
            .Where(x => x.Table.TableHints.Any(h => h.HintKind == TableHintKind.UpdLock)).ToList();

        Assert.That(locked, Has.Count.EqualTo(1), "one read of the table takes update locks");
        var (seek, table) = locked[0];
        Assert.That(table.TableHints.Select(h => h.HintKind),
            Is.EquivalentTo(new[] { TableHintKind.UpdLock, TableHintKind.ReadPast, TableHintKind.Rowlock }));
        Assert.That(Unwrapped(seek.TopRowFilter?.Expression), Is.InstanceOf<VariableReference>()
            .With.Property(nameof(VariableReference.Name)).EqualTo("@PerPlatform"), "at most @PerPlatform rows of a platform");
        Assert.That(OrderBy(seek), Is.EqualTo(new[] { "next_attempt_at", "id" }), "a platform's oldest due first");
        Assert.That(Nodes<BooleanComparisonExpression>(seek.WhereClause).Any(c =>
            c.ComparisonType == BooleanComparisonType.Equals && Column(c.FirstExpression) == "platform_id" && Column(c.SecondExpression) == "platform_id"),
            Is.True, "one platform, the one the outer row names");
        Assert.That(Nodes<BooleanIsNullExpression>(seek.WhereClause).Any(n => n.IsNot && Column(n.Expression) == "next_attempt_at"), Is.True,
            "the filter of the index is repeated, or SQL Server cannot use a filtered index for a parameterised query");

        var applied = Nodes<UnqualifiedJoin>(Claim).Where(j => j.UnqualifiedJoinType == UnqualifiedJoinType.CrossApply)
            .Select(j => j.SecondTableReference).OfType<QueryDerivedTable>().Select(d => d.QueryExpression);
        Assert.That(applied, Has.Member(seek), "the seek is applied to each platform in turn");
    }

    [Test]
    public void Nothing_ranks_the_backlog()
    {
        var ranked = Queries(Claim).Where(q => DirectTables(q).Any())
            .SelectMany(q => Nodes<FunctionCall>(q.SelectElements.Cast<TSqlFragment>()).Where(f => f.OverClause is not null)).ToList();

        // The one ranking that reads the table directly is the skip scan's next platform: no partition, by platform
        // only, which SQL Server reads as a TOP (1) seek (a recursive CTE allows neither TOP nor MIN).
        Assert.That(ranked.Select(f => f.OverClause.Partitions.Count), Is.All.EqualTo(0), "no ranking per platform over the table");
        Assert.That(ranked.Select(f => string.Join(",", f.OverClause.OrderByClause.OrderByElements.Select(e => Column(e.Expression)))),
            Is.All.EqualTo("platform_id"));
    }

    [Test]
    public void The_index_it_seeks_exists_in_the_sql_server_migrations()
    {
        var indexes = MigrationRunner.ScriptsIn(typeof(LiaisonSql).Assembly, DatabaseProvider.SqlServer)
            .SelectMany(s => MigrationRunner.Batches(s.Sql)).SelectMany(b => Nodes<CreateIndexStatement>(Parse(b)))
            .Where(i => i.OnName.BaseIdentifier.Value == Table).ToList();

        var platformDue = indexes.Where(i =>
            i.Columns.Select(c => Column(c.Column)).SequenceEqual(["platform_id", "next_attempt_at", "id"])
            && i.FilterPredicate is BooleanIsNullExpression { IsNot: true } filter && Column(filter.Expression) == "next_attempt_at");
        Assert.That(platformDue, Is.Not.Empty, "an index keyed by the platform the seek fixes, then the order it reads");
    }

    [Test]
    public void Any_number_of_platforms_may_be_skipped_through()
    {
        var update = Nodes<UpdateStatement>(Claim).Single();

        Assert.That(Nodes<CommonTableExpression>(Claim).Any(c => Nodes<NamedTableReference>(c.QueryExpression)
            .Any(t => t.SchemaObject.BaseIdentifier.Value == c.ExpressionName.Value)), Is.True, "the platforms are found by a recursive CTE");
        Assert.That(update.OptimizerHints.OfType<LiteralOptimizerHint>().Where(h => h.HintKind == OptimizerHintKind.MaxRecursion)
            .Select(h => h.Value.Value), Is.EqualTo(new[] { "0" }), "SQL Server stops a recursion at 100 levels, 100 platforms, unless told");
    }

    private static TSqlFragment Parse(string sql)
    {
        var fragment = new TSql160Parser(initialQuotedIdentifiers: true).Parse(new StringReader(sql), out var errors);
        Assert.That(errors, Is.Empty, () => string.Join(Environment.NewLine, errors.Select(e => e.Message)));
        return fragment;
    }

    private static IEnumerable<QuerySpecification> Queries(TSqlFragment fragment) => Nodes<QuerySpecification>(fragment);

    /// <summary>The tables a query reads in its own FROM, not those of its derived tables or subqueries.</summary>
    private static IEnumerable<NamedTableReference> DirectTables(QuerySpecification query) =>
        (query.FromClause?.TableReferences ?? []).SelectMany(Direct).Where(t => t.SchemaObject.BaseIdentifier.Value == Table);

    private static IEnumerable<NamedTableReference> Direct(TableReference reference) => reference switch
    {
        NamedTableReference named => [named],
        JoinTableReference join => Direct(join.FirstTableReference).Concat(Direct(join.SecondTableReference)),
        JoinParenthesisTableReference parenthesis => Direct(parenthesis.Join),
        _ => [],
    };

    private static ScalarExpression? Unwrapped(ScalarExpression? expression) =>
        expression is ParenthesisExpression parenthesis ? Unwrapped(parenthesis.Expression) : expression;

    private static string?[] OrderBy(QuerySpecification query) =>
        query.OrderByClause?.OrderByElements.Select(e => Column(e.Expression)).ToArray() ?? [];

    private static string? Column(ScalarExpression expression) =>
        (expression as ColumnReferenceExpression)?.MultiPartIdentifier?.Identifiers[^1].Value;

    private static List<T> Nodes<T>(TSqlFragment? fragment) where T : TSqlFragment => fragment is null ? [] : Nodes<T>([fragment]);

    private static List<T> Nodes<T>(IEnumerable<TSqlFragment> fragments) where T : TSqlFragment
    {
        var collector = new Collector<T>();
        foreach (var fragment in fragments) fragment.Accept(collector);
        return collector.Found;
    }

    private sealed class Collector<T> : TSqlFragmentVisitor where T : TSqlFragment
    {
        public List<T> Found { get; } = [];

        public override void Visit(TSqlFragment node)
        {
            if (node is T found) Found.Add(found);
        }
    }
}
