using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using MassTransit;
using Pharos.Triage.Contracts;

namespace Pharos.Triage.FaultTests;

/// <summary>
/// The same message delivered twice at once, as a broker may after a lost acknowledgement: a report's
/// <see cref="ReportFiled"/> published twice concurrently under one MessageId, racing Intake's own
/// publication; once decided, its <see cref="RequestIssued"/> twice concurrently under one MessageId, and
/// its <see cref="ReportFiled"/> again twice concurrently under another. All while a load runs.
/// </summary>
public sealed class When_a_message_is_delivered_twice_at_once : FaultTest
{
    private const int Probes = 8;
    private static readonly TimeSpan Load = TimeSpan.FromSeconds(20);
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    [Test]
    public async Task Each_fact_is_recorded_once_with_one_request_and_one_notice()
    {
        var start = DateTime.UtcNow;
        await using var load = LoadDriver.Start(System, Ledger, analysts: 2, reportsPerSecond: 15);

        var bus = Bus.Factory.CreateUsingRabbitMq(cfg => cfg.Host(new Uri(System.Amqp)));
        await bus.StartAsync();
        var probes = new List<Probe>();
        try
        {
            using var analyst = Api.Client(System.Intake.BaseAddress, "demo-analyst");
            for (var k = 0; k < Probes; k++)
            {
                var probe = await FileProbeAsync(analyst, k);
                probes.Add(probe);
                await Twice(bus, probe.Filed, NewId.NextGuid());
            }
            foreach (var probe in probes)
            {
                await Api.Eventually(async () => (await (await analyst.GetAsync($"/api/reports/{probe.ReportId}")).Json()).String("status"),
                    status => status == "routed", $"probe {probe.Content.Key} routed", TimeSpan.FromSeconds(30));
                await Twice(bus, await StoredDecisionAsync(probe.ReportId), NewId.NextGuid());
                await Twice(bus, probe.Filed, NewId.NextGuid());
            }
        }
        finally
        {
            await bus.StopAsync();
        }

        await Until(start + Load);
        await load.StopAsync(Drain);
        Facts["probes, each delivered twice at once 3 times"] = Probes;
        await SettleAndAssertAsync("the same message twice at once, under load");

        using var platform = Api.Client(System.Liaison.BaseAddress, "demo-platform-x");
        var requests = await platform.All("/api/platform/requests");
        var notices = System.Receiver.Received;
        foreach (var probe in probes)
        {
            var its = requests.Where(r => Ledger.Contents.Of(r.String("url")!) == probe.Content).Select(r => r.String("id")!).ToList();
            var deliveries = notices.Where(n => n.Event == "request_issued" && its.Contains(n.RequestId!)).Select(n => n.DeliveryId).Distinct().Count();
            var decisions = System.Routing.Scalar("SELECT COUNT(*) FROM routing_decisions WHERE report_id = @Id", probe.ReportId);
            // Routing answers each distinct ReportFiled once: Intake's own (and any re-drive of it), and the two MessageIds of the test.
            var filedByIntake = System.Intake.Scalar(
                "SELECT COUNT(*) FROM outbox WHERE message_type = 'ReportFiled' AND body LIKE '%' || @Id || '%'", probe.ReportId);
            var answers = System.Routing.Scalar(
                "SELECT COUNT(*) FROM outbox WHERE message_type IN ('RequestIssued', 'ReportDuplicate', 'ReportForwarded') AND body LIKE '%' || @Id || '%'",
                probe.ReportId);
            await TestContext.Out.WriteLineAsync(
                $"probe {probe.Content.Key}: requests {its.Count}, request_issued deliveries {deliveries}, decisions {decisions}, " +
                $"ReportFiled published by Intake {filedByIntake}, answers by Routing {answers} (expected {filedByIntake + 2})");
            Assert.Multiple(() =>
            {
                Assert.That(its, Has.Count.EqualTo(1), $"{probe.Content.Key}: one request");
                Assert.That(deliveries, Is.EqualTo(1), $"{probe.Content.Key}: one request_issued notice");
                Assert.That(decisions, Is.EqualTo(1), $"{probe.Content.Key}: one routing decision");
                Assert.That(answers, Is.EqualTo(filedByIntake + 2), $"{probe.Content.Key}: one answer per distinct MessageId, none for the second copy");
            });
        }
    }

    private sealed record Probe(Content Content, string ReportId, ReportFiled Filed);

    /// <summary>Files a probe as an analyst does (recorded in the ledger), and makes the ReportFiled Intake publishes for it.</summary>
    private async Task<Probe> FileProbeAsync(HttpClient analyst, int k)
    {
        var content = Ledger.Contents.AddProbe(k);
        var filing = Ledger.Contents.Filing(1_000_000 + k, content);
        Ledger.Attempted(filing);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/reports")
        {
            Content = new ByteArrayContent(filing.Body) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } },
        };
        using var response = await analyst.SendAsync(request);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        var report = await response.Json();
        var id = report.String("id")!;
        Ledger.Accept(filing, id);
        var filed = new ReportFiled(id, filing.Url, content.Category, report.String("description")!, null, false,
            report.Time("receivedAt")!.Value, "analyst:demo-analyst");
        return new Probe(content, id, filed);
    }

    /// <summary>Publishes <paramref name="message"/> twice at once under one MessageId.</summary>
    private static Task Twice<T>(IBus bus, T message, Guid messageId) where T : class =>
        Task.WhenAll(Enumerable.Range(0, 2).Select(_ => bus.Publish(message, context => context.MessageId = messageId)));

    /// <summary>The request Routing issued for a report, as it stored the message (its answer to a report filed again).</summary>
    private async Task<RequestIssued> StoredDecisionAsync(string reportId)
    {
        await using var connection = System.Routing.OpenDatabase();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT message_type, message_body FROM routing_decisions WHERE report_id = @Id";
        command.Parameters.AddWithValue("@Id", reportId);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.That(await reader.ReadAsync(), Is.True, $"Routing holds no decision for {reportId}");
        Assert.That(reader.GetString(0), Is.EqualTo(nameof(RequestIssued)));
        return JsonSerializer.Deserialize<RequestIssued>(reader.GetString(1), Web)!;
    }
}
