using Dapper;
using Pharos.Triage.PlatformLiaison.Data;

namespace Pharos.Triage.IntegrationTests.Storage;

/// <summary>
/// A platform with 100,000 deliveries lists a page of them as cheaply as one with ten: each list is one backward range
/// of an index that starts with the platform (no sort, no scan of others' rows), and the page's attempts one more
/// range per delivery of the attempts' index. SQLite's plans, read with EXPLAIN QUERY PLAN on the migrated schema.
/// </summary>
public sealed class When_a_platform_lists_its_deliveries
{
    private static readonly LiaisonSql Sql = new(sqlServer: false);

    private static async Task<List<string>> PlanAsync(SqliteSchemaFile file, string sql)
    {
        await using var connection = await file.OpenAsync();
        var parameters = new { PlatformId = "x", Status = "failed", BeforeKey = long.MaxValue, BeforeId = "", Limit = 51, DeliveryIds = new[] { "a", "b" } };
        return (await connection.QueryAsync<(long, long, long, string)>("EXPLAIN QUERY PLAN " + sql, parameters)).Select(r => r.Item4).ToList();
    }

    [TestCase(nameof(LiaisonSql.ListOwnDeliveries), "ix_webhook_deliveries_platform (platform_id=? AND created_at<?)")]
    [TestCase(nameof(LiaisonSql.ListOwnDeliveriesByStatus), "ix_webhook_deliveries_platform_status (platform_id=? AND status=? AND created_at<?)")]
    public async Task A_page_is_one_range_of_the_platform_s_index_in_order(string statement, string index)
    {
        await using var file = await SqliteSchemaFile.MigratedAsync("liaison");
        var sql = (string)typeof(LiaisonSql).GetProperty(statement)!.GetValue(Sql)!;

        var plan = await PlanAsync(file, sql);

        Assert.That(plan, Has.Some.EqualTo($"SEARCH d USING INDEX {index}"), string.Join("\n", plan));
        Assert.That(plan, Has.Some.StartsWith("SEARCH r USING INDEX sqlite_autoindex_requests_1 (id=?)"), "each page's request by its key");
        Assert.That(plan, Has.None.Contains("TEMP B-TREE").And.None.StartsWith("SCAN"), string.Join("\n", plan));
    }

    [Test]
    public async Task The_attempts_of_a_page_are_one_query_on_the_attempts_index()
    {
        await using var file = await SqliteSchemaFile.MigratedAsync("liaison");

        var plan = await PlanAsync(file, Sql.SelectAttempts);

        Assert.That(plan, Has.Some.StartsWith("SEARCH webhook_attempts USING INDEX ix_webhook_attempts_delivery (delivery_id=?)"), string.Join("\n", plan));
        Assert.That(plan, Has.None.StartsWith("SCAN webhook_attempts"), string.Join("\n", plan));
    }
}
