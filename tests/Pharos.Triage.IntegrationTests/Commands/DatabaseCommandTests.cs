using System.Net;
using System.Text.Json;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Pharos.Triage.Infrastructure.Outbox;
using Pharos.Triage.Infrastructure.Storage;
using Pharos.Triage.Intake.Data;
using Pharos.Triage.IntegrationTests.Notifications;
using Pharos.Triage.IntegrationTests.Support;
using Pharos.Triage.PlatformLiaison.Data;
using Pharos.Triage.PlatformLiaison.Webhooks;

namespace Pharos.Triage.IntegrationTests.Commands;

public sealed class When_an_operator_migrates_before_the_services_start : CommandLineTest
{
    [Test]
    public async Task Migrate_applies_every_database_s_scripts_and_a_service_that_only_verifies_then_starts()
    {
        var migrated = await OperatorCommandLine.RunAsync(OperatorCommandLine.On(DataPath), "migrate");

        Assert.That(migrated.Exit, Is.Zero, migrated.ToString());
        foreach (var service in new[] { "Intake", "Routing", "PlatformLiaison", "Escalation", "Access" })
            Assert.That(migrated.Output, Does.Match($@"(?m)^{service}: [1-9]\d* script\(s\) applied now; all \d+ applied"), migrated.ToString());
        var again = await OperatorCommandLine.RunAsync(OperatorCommandLine.On(DataPath), "migrate");
        Assert.That(again.Output, Does.Contain("Intake: 0 script(s) applied now"), again.ToString());
        using var app = new PharosApp(new() { ["Pharos:DataDirectory"] = DataPath, ["Pharos:Database:Migrations"] = "Verify" });
        var ready = await app.CreateClient().GetAsync("/health/ready");
        Assert.That(ready.StatusCode, Is.EqualTo(HttpStatusCode.OK), await ready.Content.ReadAsStringAsync());
    }

    [Test]
    public void A_service_that_only_verifies_refuses_to_start_on_databases_not_migrated()
    {
        var logs = new LogCapture();
        using var app = new PharosApp(new() { ["Pharos:DataDirectory"] = DataPath, ["Pharos:Database:Migrations"] = "Verify" })
        {
            ConfigureServices = services => services.AddSingleton<ILoggerProvider>(logs),
        };

        Assert.That(() => app.CreateClient(), Throws.Exception);

        // The host says why in one line (Program: no stack trace), naming a service, its scripts and what to do.
        var critical = logs.Entries.Where(e => e.Level == LogLevel.Critical).Select(e => e.Message).ToList();
        Assert.That(critical, Has.Some.Match(@"^\w+: migration script\(s\) .*/001_.* are not applied.*Verify.*Run the `migrate` command"));
    }

    [Test]
    public async Task Migrate_applies_even_where_the_configuration_says_verify()
    {
        var settings = OperatorCommandLine.On(DataPath);
        settings["Pharos:Database:Migrations"] = "Verify";

        var migrated = await OperatorCommandLine.RunAsync(settings, "migrate");

        Assert.That(migrated.Exit, Is.Zero, migrated.ToString());
    }

    [Test]
    public async Task An_unreachable_database_is_one_line_and_exit_1()
    {
        var settings = OperatorCommandLine.On(DataPath);
        settings["Pharos:Database:Provider"] = "SqlServer";
        // Nothing listens on port 1: refused at once.
        settings["ConnectionStrings:SqlServer"] = "Server=tcp:127.0.0.1,1;Connect Timeout=3;Encrypt=false";

        var run = await OperatorCommandLine.RunAsync(settings, "migrate");

        Assert.That(run.Exit, Is.EqualTo(1), run.ToString());
        Assert.That(run.Error, Does.StartWith("migrate: "));
        Assert.That(run.Error.TrimEnd().Split('\n'), Has.Length.EqualTo(1), run.ToString());
        Assert.That(run.Error, Does.Not.Contain("   at "));
    }
}

public sealed class When_an_operator_looks_at_the_outboxes : CommandLineTest
{
    [Test]
    public async Task Outbox_status_counts_each_service_s_unsent_and_unsendable_rows_and_the_oldest_s_age()
    {
        var settings = OperatorCommandLine.On(DataPath);
        Assert.That((await OperatorCommandLine.RunAsync(settings, "migrate")).Exit, Is.Zero);
        Timestamps.RegisterWithDapper();
        await using (var intake = new IntakeDatabase(DatabaseProvider.Sqlite, ServiceDatabase.SqliteConnectionString(DataPath, "intake"), "FULL"))
        await using (var connection = await intake.OpenAsync())
        {
            var now = DateTimeOffset.UtcNow;
            foreach (var age in new[] { 10, 5, 1 })
                await connection.ExecuteAsync(OutboxSql.Sqlite.Enqueue, new
                {
                    MessageId = Guid.NewGuid(), MessageType = "t", Body = "{}", CreatedAt = now.AddMinutes(-age), Awaiting = (string?)null,
                    TraceParent = (string?)null, TraceState = (string?)null,
                });
            // The oldest cannot be made into a message: it counts apart, and holds no age back.
            await connection.ExecuteAsync("UPDATE outbox SET unsendable = 1 WHERE id = (SELECT MIN(id) FROM outbox)");
        }

        var text = await OperatorCommandLine.RunAsync(settings, "outbox", "status");
        var json = await OperatorCommandLine.RunAsync(settings, "outbox", "status", "--json");

        Assert.That(text.Exit, Is.Zero, text.ToString());
        Assert.That(text.Output, Does.Match(@"Intake\s+2\s+5 min\s+1"), text.ToString());
        Assert.That(text.Output, Does.Match(@"Routing\s+0\s+-\s+0"), text.ToString());
        var services = JsonDocument.Parse(json.Output).RootElement.EnumerateArray().ToDictionary(s => s.GetProperty("service").GetString()!);
        Assert.That(services.Keys, Is.EquivalentTo(new[] { "Intake", "Routing", "PlatformLiaison", "Escalation" }));
        Assert.That(services["Intake"].GetProperty("unsent").GetInt64(), Is.EqualTo(2));
        Assert.That(services["Intake"].GetProperty("unsendable").GetInt64(), Is.EqualTo(1));
        Assert.That(services["Intake"].GetProperty("oldestUnsentSeconds").GetDouble(), Is.InRange(300, 400));
        Assert.That(services["Escalation"].GetProperty("oldestUnsentSeconds").ValueKind, Is.EqualTo(JsonValueKind.Null));
    }
}

public sealed class When_an_operator_redelivers_webhook_notices : CommandLineTest
{
    private const string Platform = "x";

    private Dictionary<string, string?> _settings = null!;

    [SetUp]
    public async Task Migrate_a_system_where_x_has_a_webhook()
    {
        _settings = OperatorCommandLine.On(DataPath);
        _settings[$"Pharos:PlatformContacts:{Platform}:WebhookUrl"] = "https://hooks.x.example/pharos";
        _settings[$"Pharos:PlatformContacts:{Platform}:WebhookSecret"] = LiaisonBed.SecretOf(Platform);
        Assert.That((await OperatorCommandLine.RunAsync(_settings, "migrate")).Exit, Is.Zero);
        Timestamps.RegisterWithDapper();
    }

    private LiaisonDatabase Liaison() => new(DatabaseProvider.Sqlite, ServiceDatabase.SqliteConnectionString(DataPath, "platformliaison"), "FULL");

    /// <summary>A ping queued to <paramref name="platform"/>, then given up on (<paramref name="abandoned"/>) or left pending.</summary>
    private async Task<string> QueueAsync(string platform, bool abandoned)
    {
        await using var liaison = Liaison();
        var id = await liaison.InTransactionAsync(async uow =>
        {
            var queued = await uow.QueuePingAsync(liaison.Sql, platform, DateTimeOffset.UtcNow.AddDays(-1));
            await uow.CommitAsync();
            return queued;
        });
        if (abandoned)
        {
            await using var connection = await liaison.OpenAsync();
            await connection.ExecuteAsync("""
                UPDATE webhook_deliveries SET status = 'failed', dispatches = 8, abandoned_at = @At, next_attempt_at = NULL WHERE id = @Id
                """, new { Id = id, At = DateTimeOffset.UtcNow.AddHours(-1) });
        }
        return id;
    }

    private async Task<(string Status, bool Abandoned, long Redeliveries)> StateOfAsync(string id)
    {
        await using var liaison = Liaison();
        await using var connection = await liaison.OpenAsync();
        return await connection.QuerySingleAsync<(string, bool, long)>("""
            SELECT status, abandoned_at IS NOT NULL, (SELECT COUNT(*) FROM webhook_redeliveries r WHERE r.delivery_id = d.id AND r.requested_by = 'operator:command-line')
            FROM webhook_deliveries d WHERE id = @Id
            """, new { Id = id });
    }

    [Test]
    public async Task One_abandoned_delivery_by_id_is_due_again()
    {
        var id = await QueueAsync(Platform, abandoned: true);

        var run = await OperatorCommandLine.RunAsync(_settings, "webhooks", "redeliver", "--delivery", id);

        Assert.That(run.Exit, Is.Zero, run.ToString());
        Assert.That(run.Output, Does.Contain($"Delivery {id} is due again now."));
        Assert.That(await StateOfAsync(id), Is.EqualTo((DeliveryStatus.Pending, false, 1L)));
    }

    [Test]
    public async Task A_platform_s_abandoned_deliveries_are_due_again_and_its_pending_ones_left_as_they_are()
    {
        var abandoned = await QueueAsync(Platform, abandoned: true);
        var pending = await QueueAsync(Platform, abandoned: false);

        var run = await OperatorCommandLine.RunAsync(_settings, "webhooks", "redeliver", "--platform", Platform);

        Assert.That(run.Exit, Is.Zero, run.ToString());
        Assert.That(run.Output, Does.StartWith($"1 abandoned delivery(ies) of {Platform} due again now: {abandoned}"));
        Assert.That(await StateOfAsync(abandoned), Is.EqualTo((DeliveryStatus.Pending, false, 1L)));
        Assert.That(await StateOfAsync(pending), Is.EqualTo((DeliveryStatus.Pending, false, 0L)));
    }

    [Test]
    public async Task An_unknown_delivery_or_a_platform_without_webhook_is_one_line_and_exit_1()
    {
        var unknown = await OperatorCommandLine.RunAsync(_settings, "webhooks", "redeliver", "--delivery", "no-such-delivery");
        var noWebhook = await OperatorCommandLine.RunAsync(_settings, "webhooks", "redeliver", "--platform", "tiktok");

        Assert.That(unknown.Exit, Is.EqualTo(1), unknown.ToString());
        Assert.That(unknown.Error.TrimEnd(), Is.EqualTo("webhooks redeliver: no webhook delivery has the id no-such-delivery."));
        Assert.That(noWebhook.Exit, Is.EqualTo(1), noWebhook.ToString());
        Assert.That(noWebhook.Error.TrimEnd(), Is.EqualTo("webhooks redeliver: platform tiktok has no webhook: nothing can be sent to it."));
    }
}

public sealed class When_an_operator_lists_the_platforms : CommandLineTest
{
    [Test]
    public async Task The_platform_records_are_listed_for_a_person_and_as_json()
    {
        var settings = OperatorCommandLine.On(DataPath);

        var text = await OperatorCommandLine.RunAsync(settings, "platforms", "list");
        var json = await OperatorCommandLine.RunAsync(settings, "platforms", "list", "--json");

        Assert.That(text.Exit, Is.Zero, text.ToString());
        Assert.That(text.Output, Does.StartWith("ID").And.Match(@"\ntiktok\s+TikTok\s+1\s"), text.ToString());
        var ids = JsonDocument.Parse(json.Output).RootElement.EnumerateArray().Select(p => p.GetProperty("id").GetString()).ToList();
        Assert.That(ids, Is.SupersetOf(new[] { "facebook", "x", "tiktok", "apple" }).And.Ordered);
    }
}
