using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Pharos.Triage.IntegrationTests.Support;
using Pharos.Triage.Tests.Storage;

namespace Pharos.Triage.IntegrationTests.Storage;

/// <summary>
/// SQLite stores text of any length; SQL Server refuses a value longer than its column. The longest input each
/// validator lets through goes down the whole pipeline on SQLite, and every stored text value must fit the column
/// SQL Server declares for it (read from the DacFx model of the SQL Server migrations).
/// </summary>
public sealed class When_the_longest_input_each_validator_allows_is_stored
{
    // A BMP character that is three bytes in UTF-8: percent-encoded, each becomes nine characters (%E2%82%AC).
    private const string Widest = "€";
    private const string UrlStart = "https://x.com/";

    // Each service's SQLite file and the SQL Server schema that holds its tables.
    private static readonly Dictionary<string, string> Schemas = new()
    {
        ["intake"] = "intake", ["routing"] = "routing", ["platformliaison"] = "liaison", ["escalation"] = "escalation", ["access"] = "access",
    };

    private PharosApp _app = null!;

    /// <summary>
    /// Free text of the given length in the characters that grow most when written elsewhere: non-ASCII, and those a
    /// JSON or HTML encoder escapes (six characters each as <c>\uXXXX</c>).
    /// </summary>
    private static string Text(int length) => string.Concat(Enumerable.Range(0, length).Select(i => "€\"<&'"[i % 5]));

    [SetUp]
    public void Start() => _app = new PharosApp();

    [TearDown]
    public void Stop() => _app.Dispose();

    [Test]
    public async Task Every_stored_text_fits_its_sql_server_column()
    {
        // An admin key with the longest name issues the keys and revokes one: its actor is their created_by and revoked_by.
        var adminKey = await Issued(_app.As("demo-admin"), new { role = "admin", name = new string('s', 200) });
        var admin = _app.As(adminKey.GetProperty("token").GetString()!);
        // The principal's name becomes filed_by and every actor: the longest name a key may have.
        var analyst = _app.As(await Issue(admin, new { role = "analyst", name = new string('a', 200) }));
        var platform = _app.As(await Issue(admin, new { role = "platform", platformId = "x", name = new string('p', 200) }));
        var revoked = (await Issued(admin, new { role = "analyst", name = "revoked" })).GetProperty("id").GetString();
        Assert.That((await admin.DeleteAsync($"/api/admin/api-keys/{revoked}")).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        // Kept whole, not cut to fit: the list shows who issued the key.
        var keys = (await (await admin.GetAsync("/api/admin/api-keys?limit=100")).Body()).GetProperty("items").EnumerateArray();
        Assert.That(keys.Single(k => k.GetProperty("id").GetString() == revoked).GetProperty("createdBy").GetString(),
            Is.EqualTo($"admin:key:{adminKey.GetProperty("prefix").GetString()}:{new string('s', 200)}"));

        // The worst URL is found by filing: every filing of the search is kept, each shorter than the last accepted.
        var id = await LongestAccepted(analyst, n => new
        {
            url = UrlStart + string.Concat(Enumerable.Repeat(Widest, n)), category = "terrorism", description = Text(4000),
            caseReference = Text(100), urgent = true,
        }, 2048 - UrlStart.Length);
        var requestId = (await Eventually.ReportStatus(analyst, id, "routed")).GetProperty("request").GetProperty("id").GetString();
        await Eventually.Until(() => platform.GetAsync($"/api/platform/requests/{requestId}"), r => r.IsSuccessStatusCode, "the platform to see the request");

        Assert.That((await platform.PostAsync($"/api/platform/requests/{requestId}/acknowledgement", null)).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var asked = await platform.PostJson($"/api/platform/requests/{requestId}/outcome",
            new { outcome = "clarification_requested", reason = Text(4000) });
        Assert.That((int)asked.StatusCode, Is.EqualTo(200), await asked.Content.ReadAsStringAsync());
        await Eventually.ReportReaches(analyst, id, r => r.GetProperty("request").GetProperty("status").GetString() == "clarification_requested", "clarification_requested");
        var answered = await analyst.PostJson($"/api/reports/{id}/clarification", new { answer = Text(4000) });
        Assert.That((int)answered.StatusCode, Is.EqualTo(200), await answered.Content.ReadAsStringAsync());
        await Eventually.ReportReaches(analyst, id, r => r.GetProperty("request").GetProperty("status").GetString() == "acknowledged", "acknowledged again");
        var refused = await platform.PostJson($"/api/platform/requests/{requestId}/outcome",
            new { outcome = "refused", refusalGround = "not_illegal", reason = Text(4000), platformTicket = Text(200) });
        Assert.That((int)refused.StatusCode, Is.EqualTo(200), await refused.Content.ReadAsStringAsync());
        await Eventually.ReportReaches(analyst, id, r => r.GetProperty("request").GetProperty("outcome").GetString() == "refused", "refused");

        // The ministry publishes the figures: the publication keeps who published it.
        var ministry = _app.As(await Issue(admin, new { role = "ministry", name = new string('m', 200) }));
        var published = await ministry.PostJson("/api/publications", new { from = "2026-11-22T00:00:00Z", to = "2026-11-23T00:00:00Z" });
        Assert.That((int)published.StatusCode, Is.InRange(200, 201), await published.Content.ReadAsStringAsync());

        var tooLong = new List<string>();
        foreach (var (file, schema) in Schemas)
        {
            var columns = SqlServerSchema.TextColumnLengths(schema);
            var stored = LongestStored(file);
            // A check of the check: the SQLite file and the SQL Server schema name the same tables.
            Assert.That(stored.Count(c => columns.ContainsKey((c.Table, c.Column))), Is.GreaterThan(0), $"{file}.db against the schema {schema}");
            foreach (var (table, column, longest) in stored)
                if (columns.TryGetValue((table, column), out var size) && size is { } declared && longest > declared)
                    tooLong.Add($"{schema}.{table}.{column}: the code wrote {longest} characters, SQL Server holds {declared}");
        }

        Assert.That(tooLong, Is.Empty, () => string.Join(Environment.NewLine, tooLong));
    }

    [Test]
    public async Task A_url_whose_normalised_form_cannot_be_stored_is_refused()
    {
        // 2,048 characters as typed; percent-encoded, nine times as long.
        var url = UrlStart + string.Concat(Enumerable.Repeat(Widest, 2048 - UrlStart.Length));

        var response = await _app.Analyst().PostJson("/api/reports", new { url, category = "terrorism", description = "d" });

        Assert.That((int)response.StatusCode, Is.EqualTo(400), await response.Content.ReadAsStringAsync());
        Assert.That((await response.Body()).GetProperty("errors").TryGetProperty("url", out _), Is.True);
    }

    private static async Task<string> Issue(HttpClient admin, object body) => (await Issued(admin, body)).GetProperty("token").GetString()!;

    private static async Task<JsonElement> Issued(HttpClient admin, object body)
    {
        var response = await admin.PostJson("/api/admin/api-keys", body);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        return await response.Body();
    }

    /// <summary>Files the longest report of the given shape the API accepts, found by asking it; returns its id.</summary>
    private static async Task<string> LongestAccepted(HttpClient analyst, Func<int, object> shape, int most)
    {
        async Task<string?> Filed(int n)
        {
            // With the longest idempotency key: its first answer is kept under the principal and the key.
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/reports") { Content = JsonContent.Create(shape(n), options: Http.Json) };
            request.Headers.Add("Idempotency-Key", n.ToString(CultureInfo.InvariantCulture).PadLeft(200, 'k'));
            var response = await analyst.SendAsync(request);
            if (response.StatusCode == HttpStatusCode.BadRequest) return null;
            Assert.That((int)response.StatusCode, Is.EqualTo(201), await response.Content.ReadAsStringAsync());
            return (await response.Body()).GetProperty("id").GetString();
        }

        var (low, high) = (1, most);
        var id = await Filed(low);
        Assert.That(id, Is.Not.Null, "the shortest report of the shape is accepted");
        while (low < high)
        {
            var middle = (low + high + 1) / 2;
            if (await Filed(middle) is { } accepted) (low, id) = (middle, accepted);
            else high = middle - 1;
        }
        return id!;
    }

    /// <summary>Every text column of the service's SQLite file with the longest value stored in it, in UTF-16 units as NVARCHAR counts.</summary>
    private List<(string Table, string Column, int Longest)> LongestStored(string file)
    {
        var path = Path.Combine(_app.DataDirectory, file + ".db");
        Assert.That(File.Exists(path), Is.True, path);
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        var tables = new List<string>();
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%';";
            using var reader = command.ExecuteReader();
            while (reader.Read()) tables.Add(reader.GetString(0));
        }

        var longest = new List<(string, string, int)>();
        foreach (var table in tables)
        {
            using var command = connection.CreateCommand();
            command.CommandText = $"SELECT * FROM \"{table}\";";
            using var reader = command.ExecuteReader();
            var most = new int[reader.FieldCount];
            while (reader.Read())
                for (var i = 0; i < reader.FieldCount; i++)
                    if (reader.GetValue(i) is string text) most[i] = Math.Max(most[i], text.Length);
            for (var i = 0; i < reader.FieldCount; i++) longest.Add((table, reader.GetName(i), most[i]));
        }
        return longest;
    }
}
