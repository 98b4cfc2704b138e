using System.Net;
using System.Text.Json;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Pharos.Triage.IntegrationTests.Support;
using Pharos.Triage.PlatformLiaison.Data;

namespace Pharos.Triage.IntegrationTests.Notifications;

/// <summary>
/// A platform looks after its own webhook (issue 16): its deliveries with every attempt, a redelivery, a ping. The whole
/// system runs (the embedded default, its dispatcher on the fake clock), x and facebook with receivers of their own.
/// </summary>
public sealed class When_a_platform_looks_after_its_webhook
{
    private const string Deliveries = "/api/platform/webhook/deliveries";
    private const string Test = "/api/platform/webhook/test";

    private WebhookReceiver _x = null!;
    private WebhookReceiver _facebook = null!;
    private PharosApp? _app;

    [SetUp]
    public async Task StartReceivers()
    {
        _x = await WebhookReceiver.StartAsync();
        _facebook = await WebhookReceiver.StartAsync();
    }

    [TearDown]
    public async Task Stop()
    {
        if (_app is not null) await _app.DisposeAsync();
        _app = null;
        await _x.DisposeAsync();
        await _facebook.DisposeAsync();
    }

    /// <summary>The system, x and facebook with webhooks (youtube with none); <paramref name="adjust"/> changes the settings.</summary>
    private PharosApp Start(Action<Dictionary<string, string?>>? adjust = null)
    {
        var settings = LiaisonBed.Settings(("x", _x.Url), ("facebook", _facebook.Url));
        adjust?.Invoke(settings);
        _app = new PharosApp(settings);
        return _app;
    }

    private static async Task<JsonElement> List(HttpClient platform, string query = "")
    {
        var response = await platform.GetAsync(Deliveries + query);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        return await response.Body();
    }

    private static List<JsonElement> Items(JsonElement page) => [.. page.GetProperty("items").EnumerateArray()];

    private static List<string> Ids(JsonElement page) => [.. Items(page).Select(i => i.GetProperty("id").GetString()!)];

    /// <summary>The platform's delivery <paramref name="id"/> once <paramref name="condition"/> holds of it.</summary>
    private static async Task<JsonElement> Delivery(HttpClient platform, string id, Func<JsonElement, bool> condition, string what) =>
        Items(await Eventually.Until(() => List(platform, "?limit=200"),
            page => Items(page).Any(i => i.GetProperty("id").GetString() == id && condition(i)), $"delivery {id} {what}"))
        .Single(i => i.GetProperty("id").GetString() == id);

    private static string Status(JsonElement delivery) => delivery.GetProperty("status").GetString()!;

    private static List<(int Dispatch, int Attempt, int? StatusCode)> Attempts(JsonElement delivery) =>
        [.. delivery.GetProperty("attempts").EnumerateArray().Select(a => (a.GetProperty("dispatch").GetInt32(), a.GetProperty("attempt").GetInt32(),
            a.GetProperty("statusCode").ValueKind == JsonValueKind.Null ? (int?)null : a.GetProperty("statusCode").GetInt32()))];

    private static async Task<string> Ping(HttpClient platform)
    {
        var response = await platform.PostAsync(Test, null);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await response.Content.ReadAsStringAsync());
        return (await response.Body()).GetProperty("id").GetString()!;
    }

    private static Task<HttpResponseMessage> Redeliver(HttpClient platform, string id) => platform.PostAsync($"{Deliveries}/{id}/redelivery", null);

    [Test]
    public async Task A_platform_sees_its_own_notices_only_each_with_every_attempt()
    {
        var app = Start();
        _x.FailNext(4);
        var analyst = app.Analyst();
        var xReport = await analyst.FileReport("https://x.com/self-service/1");
        var facebookReport = await analyst.FileReport("https://facebook.com/self-service/1");
        var xRequest = (await Eventually.ReportStatus(analyst, xReport, "routed")).GetProperty("request");
        var facebookRequest = (await Eventually.ReportStatus(analyst, facebookReport, "routed")).GetProperty("request");

        var x = app.PlatformX();
        var page = await Eventually.Until(() => List(x), p => Items(p).Any(i => Status(i) == "failed"), "x's notice to fail");
        var notice = Items(page).Single();
        Assert.Multiple(() =>
        {
            Assert.That(notice.GetProperty("event").GetString(), Is.EqualTo("request_issued"));
            Assert.That(notice.GetProperty("requestId").GetString(), Is.EqualTo(xRequest.GetProperty("id").GetString()));
            Assert.That(notice.GetProperty("reference").GetString(), Is.EqualTo(xRequest.GetProperty("reference").GetString()));
            Assert.That(notice.GetProperty("createdAt").GetString(), Is.EqualTo("2026-11-22T10:00:00Z"));
            Assert.That(notice.GetProperty("lastError").GetString(), Is.EqualTo("HTTP 500"));
            Assert.That(notice.GetProperty("nextAttemptAt").GetString(), Is.EqualTo("2026-11-22T10:01:00Z"), "a retry is scheduled");
            Assert.That(notice.GetProperty("deliveredAt").ValueKind, Is.EqualTo(JsonValueKind.Null));
            Assert.That(notice.GetProperty("abandonedAt").ValueKind, Is.EqualTo(JsonValueKind.Null));
            Assert.That(page.GetProperty("nextCursor").ValueKind, Is.EqualTo(JsonValueKind.Null));
        });
        Assert.That(Attempts(notice), Is.EqualTo(new (int, int, int?)[] { (1, 1, 500), (1, 2, 500), (1, 3, 500), (1, 4, 500) }),
            "the first attempt and three quick retries, each with the receiver's answer");
        var attempt = notice.GetProperty("attempts")[0];
        Assert.That(attempt.GetProperty("at").GetString(), Is.EqualTo("2026-11-22T10:00:00Z"));
        Assert.That(attempt.GetProperty("durationMs").GetInt64(), Is.GreaterThanOrEqualTo(0));
        Assert.That(attempt.GetProperty("error").ValueKind, Is.EqualTo(JsonValueKind.Null), "the receiver answered: a status code, no error");

        var facebook = app.As("demo-platform-facebook");
        var theirs = Items(await Eventually.Until(() => List(facebook), p => Items(p).Any(i => Status(i) == "delivered"), "facebook's notice"));
        Assert.That(theirs.Select(i => i.GetProperty("requestId").GetString()), Is.EqualTo(new[] { facebookRequest.GetProperty("id").GetString() }));
        Assert.That(Attempts(theirs.Single()), Is.EqualTo(new (int, int, int?)[] { (1, 1, 204) }));
        Assert.That(Ids(await List(x)), Is.EqualTo(new[] { notice.GetProperty("id").GetString() }), "x sees none of facebook's");
    }

    [Test]
    public async Task Each_status_lists_the_notices_in_it_and_no_other()
    {
        // A hanging receiver keeps a notice in flight for the whole test.
        var app = Start(s => s["Pharos:Webhooks:AttemptTimeout"] = "00:02:00");
        var x = app.PlatformX();
        _x.FailNext(4);
        var failed = await Ping(x);
        await Delivery(x, failed, d => Status(d) == "failed", "failed");
        app.Clock.Advance(TimeSpan.FromSeconds(1));
        var delivered = await Ping(x);
        await Delivery(x, delivered, d => Status(d) == "delivered", "delivered");
        app.Clock.Advance(TimeSpan.FromSeconds(1));
        _x.HangFor = TimeSpan.FromMinutes(5);
        var inFlight = await Ping(x);
        await Eventually.Until(() => Task.FromResult(_x.Arrivals), n => n == 6, "the third ping at the receiver");

        Assert.That(Ids(await List(x, "?status=failed")), Is.EqualTo(new[] { failed }));
        Assert.That(Ids(await List(x, "?status=delivered")), Is.EqualTo(new[] { delivered }));
        Assert.That(Ids(await List(x, "?status=pending")), Is.EqualTo(new[] { inFlight }), "in flight is pending");
        Assert.That(Ids(await List(x)), Is.EqualTo(new[] { inFlight, delivered, failed }), "newest first");
        var ping = Items(await List(x, "?status=pending")).Single();
        Assert.That((ping.GetProperty("requestId").ValueKind, ping.GetProperty("reference").ValueKind, ping.GetProperty("event").GetString()),
            Is.EqualTo((JsonValueKind.Null, JsonValueKind.Null, "ping")));
    }

    [Test]
    public async Task Pages_run_newest_first_to_the_end_with_or_without_a_status()
    {
        var app = Start();
        var x = app.PlatformX();
        var pings = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            pings.Add(await Ping(x));
            app.Clock.Advance(TimeSpan.FromSeconds(1));
        }
        await Eventually.Until(() => List(x), p => Items(p).Count(i => Status(i) == "delivered") == 5, "every ping delivered");
        pings.Reverse();

        foreach (var status in new[] { "", "&status=delivered" })
        {
            var seen = new List<string>();
            var sizes = new List<int>();
            string? cursor = null;
            do
            {
                var page = await List(x, $"?limit=2{status}" + (cursor is null ? "" : $"&cursor={cursor}"));
                seen.AddRange(Ids(page));
                sizes.Add(Items(page).Count);
                cursor = page.GetProperty("nextCursor").GetString();
            } while (cursor is not null);

            Assert.That(sizes, Is.EqualTo(new[] { 2, 2, 1 }), status);
            Assert.That(seen, Is.EqualTo(pings), status);
        }
        Assert.That(Ids(await List(x, "?status=failed")), Is.Empty);
    }

    [TestCase("?status=lost", "status")]
    [TestCase("?limit=0", "limit")]
    [TestCase("?limit=201", "limit")]
    [TestCase("?cursor=not-a-cursor", "cursor")]
    public async Task A_bad_status_or_page_is_a_400_naming_it(string query, string field)
    {
        var app = Start();

        var response = await app.PlatformX().GetAsync(Deliveries + query);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await response.Body()).GetProperty("errors").TryGetProperty(field, out _), Is.True);
    }

    [Test]
    public async Task A_ping_reaches_the_receiver_as_a_notice_about_no_request()
    {
        var app = Start();
        app.Clock.Advance(TimeSpan.FromMinutes(5));
        var x = app.PlatformX();

        var response = await x.PostAsync(Test, null);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await response.Content.ReadAsStringAsync());
        var answer = await response.Body();
        var id = answer.GetProperty("id").GetString()!;
        Assert.That(answer.GetProperty("event").GetString(), Is.EqualTo("ping"));
        Assert.That(answer.GetProperty("createdAt").GetString(), Is.EqualTo("2026-11-22T10:05:00Z"));
        await Eventually.Until(() => Task.FromResult(_x.Accepted.Count), n => n == 1, "the ping at x's receiver");
        var body = JsonDocument.Parse(_x.Accepted.Single().Body).RootElement;
        Assert.That(body.EnumerateObject().Select(p => $"{p.Name}={p.Value}"),
            Is.EqualTo(new[] { $"deliveryId={id}", "event=ping", "occurredAt=2026-11-22T10:05:00Z", "platformId=x" }));
        var delivery = await Delivery(x, id, d => Status(d) == "delivered", "delivered");
        Assert.That(delivery.GetProperty("deliveredAt").GetString(), Is.EqualTo("2026-11-22T10:05:00Z"));
        Assert.That(Attempts(delivery), Is.EqualTo(new (int, int, int?)[] { (1, 1, 204) }));
        Assert.That(_facebook.Received, Is.Empty);
    }

    [Test]
    public async Task A_platform_without_a_webhook_gets_a_409_for_a_ping()
    {
        var app = Start();

        var response = await app.As("demo-platform-youtube").PostAsync(Test, null);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        Assert.That((await response.Body()).GetProperty("detail").GetString(), Does.Contain("youtube has no webhook"));
        Assert.That(Ids(await List(app.As("demo-platform-youtube"))), Is.Empty, "nothing queued");
    }

    [Test]
    public async Task A_redelivery_sends_the_same_notice_again_and_its_attempts_grow()
    {
        var app = Start();
        var x = app.PlatformX();
        var id = await Ping(x);
        await Delivery(x, id, d => Status(d) == "delivered", "delivered");
        app.Clock.Advance(TimeSpan.FromMinutes(3));

        var response = await Redeliver(x, id);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await response.Content.ReadAsStringAsync());
        var answer = await response.Body();
        Assert.That((answer.GetProperty("id").GetString(), answer.GetProperty("event").GetString()), Is.EqualTo((id, "ping")));
        var delivery = await Delivery(x, id, d => Attempts(d).Count == 2 && Status(d) == "delivered", "delivered again");
        Assert.That(Attempts(delivery), Is.EqualTo(new (int, int, int?)[] { (1, 1, 204), (2, 1, 204) }));
        Assert.That(delivery.GetProperty("deliveredAt").GetString(), Is.EqualTo("2026-11-22T10:03:00Z"));
        Assert.That(_x.Accepted, Has.Count.EqualTo(2));
        Assert.That(_x.Accepted[1].Body, Is.EqualTo(_x.Accepted[0].Body), "the same body, with the same delivery id in it");

        await using var connection = await app.Services.GetRequiredService<LiaisonDatabase>().OpenAsync();
        var asked = (await connection.QueryAsync<(string, long, string)>(
            "SELECT delivery_id, requested_at, requested_by FROM webhook_redeliveries")).ToList();
        Assert.That(asked, Is.EqualTo(new[] { (id, PharosApp.Start.AddMinutes(3).ToUnixTimeMilliseconds(), "platform:demo-platform-x") }),
            "who asked, and when");
    }

    [Test]
    public async Task A_redelivery_of_an_abandoned_notice_gets_the_whole_retry_schedule_again()
    {
        var app = Start(s => s["Pharos:Webhooks:MaxDispatches"] = "2");
        var x = app.PlatformX();
        _x.FailWith = 503;
        _x.FailNext(int.MaxValue);
        var id = await Ping(x);
        await Delivery(x, id, d => Status(d) == "failed", "failed once");
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        var abandoned = await Delivery(x, id, d => d.GetProperty("abandonedAt").ValueKind != JsonValueKind.Null, "abandoned after two dispatches");
        Assert.That((Status(abandoned), abandoned.GetProperty("nextAttemptAt").ValueKind), Is.EqualTo(("failed", JsonValueKind.Null)));

        Assert.That((await Redeliver(x, id)).StatusCode, Is.EqualTo(HttpStatusCode.Accepted));

        var retried = await Delivery(x, id, d => Attempts(d).Any(a => a.Dispatch == 3) && Status(d) == "failed", "dispatched a third time");
        Assert.Multiple(() =>
        {
            Assert.That(retried.GetProperty("abandonedAt").ValueKind, Is.EqualTo(JsonValueKind.Null), "not abandoned after its first dispatch since");
            Assert.That(retried.GetProperty("nextAttemptAt").GetString(), Is.EqualTo("2026-11-22T10:02:00Z"), "the first wait of the schedule again");
            Assert.That(retried.GetProperty("lastError").GetString(), Is.EqualTo("HTTP 503"));
        });

        _x.FailNext(0);
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        var delivered = await Delivery(x, id, d => Status(d) == "delivered", "delivered at last");
        Assert.That(Attempts(delivered).Select(a => a.Dispatch).Distinct(), Is.EqualTo(new[] { 1, 2, 3, 4 }), "dispatch numbers go on across the redelivery");
        Assert.That(Attempts(delivered)[^1], Is.EqualTo((4, 1, (int?)204)));
    }

    [Test]
    public async Task Another_platform_s_delivery_is_not_found_and_not_sent()
    {
        var app = Start();
        var x = app.PlatformX();
        var id = await Ping(x);
        await Delivery(x, id, d => Status(d) == "delivered", "delivered");
        var facebook = app.As("demo-platform-facebook");

        var theirs = await Redeliver(facebook, id);
        var unknown = await Redeliver(x, "0199a1b2-0000-7000-8000-000000000000");

        Assert.That((theirs.StatusCode, unknown.StatusCode), Is.EqualTo((HttpStatusCode.NotFound, HttpStatusCode.NotFound)));
        static async Task<string> Told(HttpResponseMessage r)
        {
            var problem = await r.Body();
            return $"{problem.GetProperty("title")}: {problem.GetProperty("detail")}";
        }
        Assert.That(await Told(theirs), Is.EqualTo(await Told(unknown)), "the same answer: nothing told");
        Assert.That(Ids(await List(facebook)), Is.Empty);
        await using var connection = await app.Services.GetRequiredService<LiaisonDatabase>().OpenAsync();
        Assert.That(await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM webhook_redeliveries"), Is.Zero);
        Assert.That(await connection.ExecuteScalarAsync<string>("SELECT status FROM webhook_deliveries WHERE id = @id", new { id }), Is.EqualTo("delivered"),
            "not due again");
    }

    [Test]
    public async Task The_openapi_document_describes_what_each_answers()
    {
        var app = Start();
        var paths = (await (await app.CreateClient().GetAsync("/openapi/v1.json")).Body()).GetProperty("paths");

        static List<string> Codes(JsonElement operation) => [.. operation.GetProperty("responses").EnumerateObject().Select(r => r.Name)];
        var list = paths.GetProperty(Deliveries).GetProperty("get");
        var redelivery = paths.GetProperty(Deliveries + "/{id}/redelivery").GetProperty("post");
        var test = paths.GetProperty(Test).GetProperty("post");
        // 401, 403, 429 and 503 are the platform's answers on every authenticated endpoint (CommonAnswers).
        Assert.That(Codes(list), Is.EquivalentTo(new[] { "200", "400", "401", "403", "429", "503" }));
        Assert.That(list.GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString()), Is.EquivalentTo(new[] { "status", "limit", "cursor" }));
        Assert.That(Codes(redelivery), Is.EquivalentTo(new[] { "202", "404", "409", "401", "403", "429", "503" }));
        Assert.That(Codes(test), Is.EquivalentTo(new[] { "202", "409", "401", "403", "429", "503" }));
        foreach (var operation in new[] { redelivery, test })
            Assert.That(operation.GetProperty("responses").GetProperty("202").GetProperty("content").GetProperty("application/json").GetProperty("schema").GetProperty("$ref").GetString(),
                Does.EndWith("/DeliveryView"));
        Assert.That(list.GetProperty("description").GetString(), Does.Contain("pending").And.Contain("delivered").And.Contain("failed"));
    }

    [TestCase("demo-analyst")]
    [TestCase("demo-ministry")]
    [TestCase("demo-admin")]
    public async Task Other_roles_are_refused(string token)
    {
        var app = Start();
        var id = await Ping(app.PlatformX());
        var caller = app.As(token);

        var statuses = new[]
        {
            (await caller.GetAsync(Deliveries)).StatusCode,
            (await Redeliver(caller, id)).StatusCode,
            (await caller.PostAsync(Test, null)).StatusCode,
        };

        Assert.That(statuses, Is.All.EqualTo(HttpStatusCode.Forbidden));
    }
}
