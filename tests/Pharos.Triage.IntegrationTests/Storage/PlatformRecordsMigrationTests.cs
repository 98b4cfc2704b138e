using Dapper;

namespace Pharos.Triage.IntegrationTests.Storage;

/// <summary>
/// Routing's migration 004 on a database of the previous version, whose seeded platforms the code put there at start:
/// the rows are kept, as they were, and gain what a record now holds; nothing is seeded twice.
/// </summary>
public sealed class When_routing_migrates_the_platforms_of_a_previous_version
{
    [Test]
    public async Task The_seeded_rows_are_kept_and_gain_their_version_and_first_change()
    {
        await using var file = await SqliteSchemaFile.MigratedAsync("routing", s => s.Id != "routing/004_platform_records");
        await using (var connection = await file.OpenAsync())
        {
            // As CatalogueLoader left them: the seeded platforms (one domain an operator never had, say), and a request open at one.
            foreach (var (id, name, domains) in new[]
                     {
                         ("facebook", "Facebook", new[] { "facebook.com", "fb.com", "fb.watch" }), ("instagram", "Instagram", ["instagram.com"]),
                         ("youtube", "YouTube", ["youtube.com", "youtu.be"]), ("x", "X", ["x.com", "twitter.com"]), ("tiktok", "TikTok", ["tiktok.com"]),
                         ("snapchat", "Snapchat", ["snapchat.com"]), ("telegram", "Telegram", ["t.me", "telegram.me", "telegram.org"]),
                         ("microsoft", "Microsoft", ["bing.com", "onedrive.live.com"]), ("apple", "Apple", ["icloud.com", "podcasts.apple.com"]),
                     })
            {
                await connection.ExecuteAsync("INSERT INTO platforms (id, name, created_at) VALUES (@Id, @Name, 1000);", new { Id = id, Name = name });
                foreach (var domain in domains)
                    await connection.ExecuteAsync("INSERT INTO platform_domains (domain, platform_id) VALUES (@Domain, @Id);", new { Domain = domain, Id = id });
            }
            await connection.ExecuteAsync("""
                INSERT INTO open_requests (url_hash, normalized_url, request_id, report_id, platform_id, issued_at, legal_basis)
                VALUES (x'01', 'https://x.com/a', 'q1', 'r1', 'x', 2000, 'tco_removal_order');
                """);
        }

        await file.MigrateAsync();

        await using var migrated = await file.OpenAsync();
        var platforms = (await migrated.QueryAsync<(string Id, long CreatedAt, long Version, long Announced, string UpdatedBy)>(
            "SELECT id, created_at, version, announced_version, updated_by FROM platforms ORDER BY id")).ToList();
        Assert.That(platforms, Has.Count.EqualTo(9));
        Assert.That(platforms.Select(p => (p.CreatedAt, p.Version, p.Announced, p.UpdatedBy)), Has.All.EqualTo((1000L, 1L, 0L, "migration")),
            "kept as they were, each at version 1 and waiting to be announced");
        Assert.That(await migrated.QueryAsync<string>("SELECT domain FROM platform_domains WHERE platform_id = 'x' ORDER BY domain"),
            Is.EqualTo(new[] { "t.co", "twitter.com", "x.com" }), "the missing seeded domain added, none twice");
        Assert.That(await migrated.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM platform_domains"), Is.EqualTo(18));
        Assert.That(await migrated.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM platform_changes WHERE version = 1 AND changed_by = 'migration'"), Is.EqualTo(9));
        Assert.That(await migrated.ExecuteScalarAsync<long>("SELECT version FROM catalogue_version"), Is.EqualTo(9));
        Assert.That(await migrated.ExecuteScalarAsync<string>("SELECT request_id FROM open_requests"), Is.EqualTo("q1"));
    }
}
