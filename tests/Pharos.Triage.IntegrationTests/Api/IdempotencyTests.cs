using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Pharos.Triage.Infrastructure.Storage;
using Pharos.Triage.IntegrationTests.Support;
using Pharos.Triage.Intake.Data;

namespace Pharos.Triage.IntegrationTests.Api;

/// <summary>API.md: the same Idempotency-Key with the same body returns the first response and files nothing new; with another body, 422.</summary>
public sealed class When_a_report_is_filed_with_an_Idempotency_Key
{
    private PharosApp _app = null!;
    private HttpClient _analyst = null!;

    [OneTimeSetUp]
    public void Start()
    {
        _app = new PharosApp();
        _analyst = _app.Analyst();
    }

    [OneTimeTearDown]
    public void Stop() => _app.Dispose();

    private static string Report(string path, string description = "Propaganda video") =>
        $$"""{"url":"https://x.com/{{path}}","category":"terrorism","description":"{{description}}"}""";

    [Test]
    public async Task The_same_key_and_body_get_the_first_answer_byte_for_byte_and_file_once()
    {
        var json = Report("idempotency/replay");
        var (reports, filed) = (await _app.Reports(), await _app.ReportsFiledInOutbox());

        var first = await _analyst.FileWithKey(json, "replay-1");
        Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.Created), await first.Content.ReadAsStringAsync());
        var firstBody = await first.Content.ReadAsByteArrayAsync();
        var id = (await first.Body()).GetProperty("id").GetString()!;
        // The report moves on and time passes; a retry still gets the answer the first request got.
        await Eventually.ReportStatus(_analyst, id, "routed");
        _app.Clock.Advance(TimeSpan.FromSeconds(1));

        var replay = await _analyst.FileWithKey(json, "replay-1");

        Assert.That(replay.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That(replay.Headers.Location, Is.EqualTo(first.Headers.Location));
        Assert.That(replay.Headers.Location?.ToString(), Is.EqualTo($"/api/reports/{id}"));
        Assert.That(replay.Content.Headers.ContentType, Is.EqualTo(first.Content.Headers.ContentType));
        Assert.That(await replay.Content.ReadAsByteArrayAsync(), Is.EqualTo(firstBody));
        Assert.That(await _app.Reports(), Is.EqualTo(reports + 1));
        Assert.That(await _app.ReportsFiledInOutbox(), Is.EqualTo(filed + 1));
    }

    [Test]
    public async Task The_same_key_with_another_body_is_a_422_and_files_nothing()
    {
        var json = Report("idempotency/other-body");
        var first = await _analyst.FileWithKey(json, "other-body-1");
        Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        var (reports, filed) = (await _app.Reports(), await _app.ReportsFiledInOutbox());

        string[] others =
        [
            Report("idempotency/other-body", "Another description"),
            Report("idempotency/other-body-2"),
            // The key is bound to the exact bytes: the same JSON laid out differently is another body.
            json.Replace(",", ", ", StringComparison.Ordinal),
        ];
        foreach (var other in others)
        {
            var response = await _analyst.FileWithKey(other, "other-body-1");
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity), other);
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
            Assert.That((await response.Body()).GetProperty("detail").GetString(), Is.EqualTo("Idempotency-Key reused with a different body."));
        }
        Assert.That(await _app.Reports(), Is.EqualTo(reports));
        Assert.That(await _app.ReportsFiledInOutbox(), Is.EqualTo(filed));

        var replay = await _analyst.FileWithKey(json, "other-body-1");
        Assert.That(replay.Headers.Location, Is.EqualTo(first.Headers.Location), "the key still answers its own body");
    }

    [Test]
    public async Task Without_a_key_the_same_body_files_twice()
    {
        var json = Report("idempotency/no-key");
        var reports = await _app.Reports();

        var first = await _analyst.FileWithKey(json);
        var second = await _analyst.FileWithKey(json);

        Assert.That(new[] { first.StatusCode, second.StatusCode }, Is.All.EqualTo(HttpStatusCode.Created));
        Assert.That(second.Headers.Location, Is.Not.EqualTo(first.Headers.Location));
        Assert.That(await _app.Reports(), Is.EqualTo(reports + 2));
    }

    [Test]
    public async Task Keys_differing_only_in_case_are_different_keys()
    {
        var upper = await _analyst.FileWithKey(Report("idempotency/case-a"), "Case-Key");
        var lower = await _analyst.FileWithKey(Report("idempotency/case-b"), "case-key");

        Assert.That(new[] { upper.StatusCode, lower.StatusCode }, Is.All.EqualTo(HttpStatusCode.Created));
        Assert.That(lower.Headers.Location, Is.Not.EqualTo(upper.Headers.Location));
    }

    private static IEnumerable<TestCaseData> InvalidHeaders()
    {
        yield return new TestCaseData((object)new[] { new string('k', 201) }).SetName("A key of 201 characters");
        yield return new TestCaseData((object)new[] { "clé-1" }).SetName("A non-ASCII key");
        yield return new TestCaseData((object)new[] { "key\u0001" }).SetName("A key with a control character");
        yield return new TestCaseData((object)new[] { "key\u007f" }).SetName("A key with DEL");
        yield return new TestCaseData((object)new[] { "key-a", "key-b" }).SetName("Two keys");
    }

    [TestCaseSource(nameof(InvalidHeaders))]
    public async Task An_invalid_header_is_a_400_naming_it_and_files_nothing(string[] keys)
    {
        var reports = await _app.Reports();

        var response = await _analyst.FileWithKey(Report("idempotency/bad-header"), keys);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), await response.Content.ReadAsStringAsync());
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        var errors = (await response.Body()).GetProperty("errors");
        Assert.That(errors.EnumerateObject().Select(e => e.Name), Is.EquivalentTo(new[] { "Idempotency-Key" }));
        Assert.That(await _app.Reports(), Is.EqualTo(reports));
    }

    [Test]
    public async Task An_empty_header_is_a_400()
    {
        // HttpClient leaves an empty header out; the test server's own request carries it as Kestrel would.
        var context = await _app.Server.SendAsync(http =>
        {
            http.Request.Method = "POST";
            http.Request.Path = "/api/reports";
            http.Request.Headers.Authorization = "Bearer demo-analyst";
            http.Request.Headers["Idempotency-Key"] = "";
            http.Request.ContentType = "application/json";
            http.Request.Body = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(Report("idempotency/empty-key")));
        });

        Assert.That(context.Response.StatusCode, Is.EqualTo(StatusCodes.Status400BadRequest));
    }

    [TestCase("x", TestName = "A key of one character")]
    [TestCase("~ printable ASCII, spaces and punctuation: !\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}", TestName = "Printable ASCII")]
    public async Task A_valid_key_files(string key)
    {
        var response = await _analyst.FileWithKey(Report($"idempotency/valid-{Guid.NewGuid():N}"), key);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
    }

    [Test]
    public async Task A_key_of_200_characters_files()
    {
        var response = await _analyst.FileWithKey(Report("idempotency/long-key"), new string('k', 200));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
    }

    [TestCase("{}", "application/json", 400, TestName = "A body the rules refuse")]
    [TestCase("{\"url\": \"https://x.com/a\", ", "application/json", 400, TestName = "Malformed JSON")]
    [TestCase("{\"url\":\"https://x.com/a\",\"category\":\"terrorism\",\"description\":\"d\",\"reporter\":\"me\"}", "application/json", 400, TestName = "An unknown field")]
    [TestCase("url=https://x.com/a", "application/x-www-form-urlencoded", 415, TestName = "A body that is not JSON")]
    public async Task A_refused_body_does_not_consume_the_key(string body, string contentType, int status)
    {
        var key = $"refused-{Guid.NewGuid():N}";
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/reports") { Content = new StringContent(body, System.Text.Encoding.UTF8, contentType) };
        request.Headers.Add("Idempotency-Key", key);

        var refused = await _analyst.SendAsync(request);

        Assert.That((int)refused.StatusCode, Is.EqualTo(status), await refused.Content.ReadAsStringAsync());
        Assert.That(await _app.IdempotencyKeys(key), Is.Zero);
        var filed = await _analyst.FileWithKey(Report("idempotency/after-refusal"), key);
        Assert.That(filed.StatusCode, Is.EqualTo(HttpStatusCode.Created), await filed.Content.ReadAsStringAsync());
        Assert.That(await _app.IdempotencyKeys(key), Is.EqualTo(1));
    }

    [Test]
    public async Task Many_retries_at_once_file_one_report_and_all_get_its_answer()
    {
        var json = Report("idempotency/concurrent");
        var (reports, filed) = (await _app.Reports(), await _app.ReportsFiledInOutbox());

        var responses = await Task.WhenAll(Enumerable.Range(0, 24).Select(_ => _analyst.FileWithKey(json, "concurrent-1")));

        Assert.That(responses.Select(r => r.StatusCode), Is.All.EqualTo(HttpStatusCode.Created));
        Assert.That(responses.Select(r => r.Headers.Location).Distinct().Count(), Is.EqualTo(1));
        var bodies = await Task.WhenAll(responses.Select(r => r.Content.ReadAsStringAsync()));
        Assert.That(bodies.Distinct().Count(), Is.EqualTo(1));
        Assert.That(await _app.Reports(), Is.EqualTo(reports + 1));
        Assert.That(await _app.ReportsFiledInOutbox(), Is.EqualTo(filed + 1));
    }

    [Test]
    public async Task Many_bodies_at_once_with_one_key_file_one_report_and_refuse_the_rest()
    {
        var reports = await _app.Reports();

        var responses = await Task.WhenAll(Enumerable.Range(0, 24)
            .Select(i => _analyst.FileWithKey(Report($"idempotency/race-{i}"), "race-1")));

        Assert.That(responses.Count(r => r.StatusCode == HttpStatusCode.Created), Is.EqualTo(1));
        Assert.That(responses.Count(r => r.StatusCode == HttpStatusCode.UnprocessableEntity), Is.EqualTo(23));
        Assert.That(await _app.Reports(), Is.EqualTo(reports + 1));
    }

    [Test]
    public async Task The_openapi_document_describes_the_header()
    {
        var document = await (await _app.CreateClient().GetAsync("/openapi/v1.json")).Body();

        var post = document.GetProperty("paths").EnumerateObject()
            .Single(p => p.Name.TrimEnd('/') == "/api/reports").Value.GetProperty("post");
        var header = post.GetProperty("parameters").EnumerateArray()
            .Single(p => p.GetProperty("name").GetString() == "Idempotency-Key");
        Assert.That(header.GetProperty("in").GetString(), Is.EqualTo("header"));
        Assert.That(header.GetProperty("schema").GetProperty("maxLength").GetInt32(), Is.EqualTo(200));
        Assert.That(post.GetProperty("responses").TryGetProperty("422", out _), Is.True);
    }
}

/// <summary>Keys are scoped per principal: two analysts who pick the same key never see each other's reports.</summary>
public sealed class When_two_analysts_use_one_Idempotency_Key
{
    [Test]
    public async Task Each_files_and_each_replays_their_own()
    {
        using var app = new PharosApp();
        var host = app.WithSecondAnalyst();
        var first = host.As("demo-analyst");
        var second = host.As(SecondAnalyst.Token);
        const string json = """{"url":"https://x.com/shared-key","category":"terrorism","description":"Same body, same key"}""";

        var mine = await first.FileWithKey(json, "shared-key");
        var theirs = await second.FileWithKey(json, "shared-key");

        Assert.That(new[] { mine.StatusCode, theirs.StatusCode }, Is.All.EqualTo(HttpStatusCode.Created));
        Assert.That(theirs.Headers.Location, Is.Not.EqualTo(mine.Headers.Location));
        Assert.That((await theirs.Body()).GetProperty("timeline")[0].GetProperty("actor").GetString(), Is.EqualTo("analyst:second-analyst"));
        Assert.That((await first.FileWithKey(json, "shared-key")).Headers.Location, Is.EqualTo(mine.Headers.Location));
        Assert.That((await second.FileWithKey(json, "shared-key")).Headers.Location, Is.EqualTo(theirs.Headers.Location));
        Assert.That(await app.Reports(), Is.EqualTo(2));
    }

    [Test]
    public async Task The_store_keys_on_principal_and_key_and_a_duplicate_is_recognised_as_one()
    {
        // The unique key is what stops a concurrent duplicate on SQL Server; its violation must be told apart from other failures.
        Timestamps.RegisterWithDapper();
        var directory = Path.Combine(Path.GetTempPath(), "pharos-tests", Guid.NewGuid().ToString("N"));
        var database = new IntakeDatabase(DatabaseProvider.Sqlite, ServiceDatabase.SqliteConnectionString(directory, "intake"), "NORMAL");
        try
        {
            await MigrationRunner.ApplyAsync(database, [typeof(ServiceDatabase).Assembly, typeof(IntakeDatabase).Assembly], NullLogger.Instance);
            await using var connection = await database.OpenAsync();
            Task<int> Insert(string principal, string key) => Dapper.SqlMapper.ExecuteAsync(connection, database.Sql.InsertIdempotencyKey, new
            {
                Principal = principal, IdempotencyKey = key, RequestHash = new string('0', 64), ReportId = Guid.NewGuid().ToString(),
                ResponseBody = "{}", CreatedAt = PharosApp.Start,
            });

            await Insert("analyst:one", "k-1");
            await Insert("analyst:two", "k-1");
            await Insert("analyst:one", "K-1");
            var duplicate = Assert.ThrowsAsync<SqliteException>(() => Insert("analyst:one", "k-1"));

            Assert.That(ServiceDatabase.IsUniqueViolation(duplicate!), Is.True);
            Assert.That(ServiceDatabase.IsUniqueViolation(new InvalidOperationException()), Is.False);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }
}

/// <summary>Keys are kept for Pharos:Idempotency:Retention (24 hours by default), then purged and free again.</summary>
public sealed class When_an_Idempotency_Key_outlives_its_retention
{
    [Test]
    public async Task It_is_purged_and_files_anew_while_younger_keys_still_answer()
    {
        using var app = new PharosApp();
        var analyst = app.Analyst();
        const string first = """{"url":"https://x.com/retention/1","category":"terrorism","description":"First"}""";
        const string later = """{"url":"https://x.com/retention/2","category":"terrorism","description":"Later"}""";
        const string other = """{"url":"https://x.com/retention/3","category":"terrorism","description":"Other"}""";

        var old = await analyst.FileWithKey(first, "old-key");
        app.Clock.Advance(TimeSpan.FromHours(12));
        Assert.That((await analyst.FileWithKey(other, "old-key")).StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity), "kept within the retention");
        Assert.That((await analyst.FileWithKey(later, "young-key")).StatusCode, Is.EqualTo(HttpStatusCode.Created));

        app.Clock.Advance(TimeSpan.FromHours(12) + TimeSpan.FromMinutes(2));
        await Eventually.Until(() => app.IdempotencyKeys("old-key"), n => n == 0, "the purge to delete the expired key");

        var again = await analyst.FileWithKey(other, "old-key");
        Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.Created), await again.Content.ReadAsStringAsync());
        Assert.That(again.Headers.Location, Is.Not.EqualTo(old.Headers.Location));
        Assert.That(await app.IdempotencyKeys("young-key"), Is.EqualTo(1));
        Assert.That((await analyst.FileWithKey(other, "young-key")).StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
    }

    [Test]
    public async Task The_retention_is_configuration()
    {
        using var app = new PharosApp(new() { ["Pharos:Idempotency:Retention"] = "01:00:00" });
        var analyst = app.Analyst();
        const string json = """{"url":"https://x.com/retention/configured","category":"terrorism","description":"Configured"}""";
        Assert.That((await analyst.FileWithKey(json, "hour-key")).StatusCode, Is.EqualTo(HttpStatusCode.Created));

        app.Clock.Advance(TimeSpan.FromMinutes(62));

        await Eventually.Until(() => app.IdempotencyKeys("hour-key"), n => n == 0, "the purge to delete the key after an hour");
    }
}
