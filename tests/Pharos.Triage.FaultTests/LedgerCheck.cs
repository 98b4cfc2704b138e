using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace Pharos.Triage.FaultTests;

/// <summary>A report as Intake lists it.</summary>
public sealed record ReportState(
    string Id, string Url, string? NormalizedUrl, string Status, string? DuplicateOf, string? PlatformId,
    string? RequestId, string? RequestStatus, string? Sla, string? Outcome, DateTimeOffset? IssuedAt, DateTimeOffset? ClosedAt)
{
    public static ReportState From(JsonElement r)
    {
        var request = r.Object("request");
        return new ReportState(r.String("id")!, r.String("url")!, r.String("normalizedUrl"), r.String("status")!, r.String("duplicateOf"),
            r.Object("platform")?.String("id"), request?.String("id"), request?.String("status"), request?.String("sla"),
            request?.String("outcome"), request?.Time("issuedAt"), request?.Time("closedAt"));
    }
}

/// <summary>A request as its platform lists it at PlatformLiaison.</summary>
public sealed record RequestState(string Id, string PlatformId, string Url, string Status, DateTimeOffset IssuedAt, DateTimeOffset? AcknowledgedAt, string? Outcome);

/// <summary>One platform's figures as Escalation counts them.</summary>
public sealed record EscalationCounts(int Requests, int Acknowledged, int Acted);

/// <summary>Everything the system shows at one moment, through its APIs and at the webhook receiver.</summary>
public sealed record Snapshot(
    IReadOnlyList<ReportState> Reports,
    IReadOnlyList<RequestState> Requests,
    IReadOnlyList<WebhookReceiver.Notice> Notices,
    IReadOnlyDictionary<string, EscalationCounts> Escalation);

/// <summary>
/// The ledger's figures against the system: lost (accepted, then gone), duplicated (one fact twice),
/// stuck (a state that should have been reached and was not) and wrong (a state other than the one
/// expected); each with its lines.
/// </summary>
public sealed class LedgerFigures
{
    public List<string> Lost { get; } = [];
    public List<string> Duplicated { get; } = [];
    public List<string> Stuck { get; } = [];
    public List<string> Wrong { get; } = [];
    public List<string> Notes { get; } = [];
    public SortedDictionary<string, string> Counts { get; } = new(StringComparer.Ordinal);

    public bool Clean => Lost.Count == 0 && Duplicated.Count == 0 && Stuck.Count == 0 && Wrong.Count == 0;

    /// <summary>What must stay still for the system to count as settled.</summary>
    public string Fingerprint => string.Join(";", Counts.Select(c => $"{c.Key}={c.Value}"));

    public void Count(string what, object value) => Counts[what] = Convert.ToString(value, CultureInfo.InvariantCulture)!;

    public void Print(TextWriter output, string title)
    {
        output.WriteLine($"===== LEDGER: {title}");
        foreach (var (what, value) in Counts) output.WriteLine($"  {what,-58} {value}");
        output.WriteLine($"  LOST {Lost.Count}, DUPLICATED {Duplicated.Count}, STUCK {Stuck.Count}, WRONG {Wrong.Count}");
        Section(output, "lost", Lost);
        Section(output, "duplicated", Duplicated);
        Section(output, "stuck", Stuck);
        Section(output, "wrong", Wrong);
        Section(output, "notes", Notes);
    }

    private static void Section(TextWriter output, string name, List<string> lines)
    {
        if (lines.Count == 0) return;
        output.WriteLine($"  -- {name} ({lines.Count}):");
        foreach (var line in lines.Take(40)) output.WriteLine($"     {line}");
        if (lines.Count > 40) output.WriteLine($"     … and {lines.Count - 40} more");
    }
}

/// <summary>Reads the system and checks it against the <see cref="Ledger"/>.</summary>
public static class LedgerCheck
{
    /// <summary>
    /// Waits until the system has settled (the ledger holds and two reads in a row agree) or
    /// <paramref name="bound"/> has passed; returns the figures of the last read.
    /// </summary>
    public static async Task<LedgerFigures> SettleAsync(PharosSystem system, Ledger ledger, TimeSpan bound)
    {
        var watch = Stopwatch.StartNew();
        string? previous = null;
        while (true)
        {
            var figures = Check(await ReadAsync(system, ledger), ledger);
            var stable = figures.Fingerprint == previous;
            if ((figures.Clean && stable) || watch.Elapsed > bound)
            {
                figures.Count("settled after (s)", Math.Round(watch.Elapsed.TotalSeconds, 1));
                if (!figures.Clean) figures.Notes.Add($"not settled within {bound.TotalSeconds} s");
                return figures;
            }
            previous = figures.Fingerprint;
            await Task.Delay(TimeSpan.FromSeconds(2));
        }
    }

    public static async Task<Snapshot> ReadAsync(PharosSystem system, Ledger ledger)
    {
        using var analyst = Api.Client(system.Intake.BaseAddress, "demo-analyst");
        var reports = (await analyst.All("/api/reports")).Select(ReportState.From).ToList();

        var requests = new List<RequestState>();
        foreach (var platform in system.WebhookPlatforms)
        {
            using var client = Api.Client(system.Liaison.BaseAddress, $"demo-platform-{platform}");
            requests.AddRange((await client.All("/api/platform/requests")).Select(r => new RequestState(
                r.String("id")!, platform, r.String("url")!, r.String("status")!, r.Time("issuedAt")!.Value, r.Time("acknowledgedAt"), r.String("outcome"))));
        }

        using var ministry = Api.Client(system.Escalation.BaseAddress, "demo-ministry");
        var from = Uri.EscapeDataString(ledger.StartedAt.AddMinutes(-5).ToString("O", CultureInfo.InvariantCulture));
        var to = Uri.EscapeDataString(DateTimeOffset.UtcNow.AddHours(1).ToString("O", CultureInfo.InvariantCulture));
        var statistics = await (await ministry.GetAsync($"/api/statistics?from={from}&to={to}")).Json();
        var escalation = statistics.GetProperty("platforms").EnumerateArray().ToDictionary(
            p => p.String("platformId")!,
            p => new EscalationCounts(p.GetProperty("requests").GetInt32(), p.GetProperty("acknowledged").GetInt32(), p.GetProperty("acted").GetInt32()));

        return new Snapshot(reports, requests, system.Receiver.Received, escalation);
    }

    public static LedgerFigures Check(Snapshot snapshot, Ledger ledger)
    {
        var f = new LedgerFigures();
        var contents = ledger.Contents;
        var reports = snapshot.Reports.ToDictionary(r => r.Id);
        var requests = snapshot.Requests.ToDictionary(r => r.Id);

        // Reports: every accepted one at Intake, once, in the state its content calls for.
        f.Count("filings made (distinct)", ledger.Accepted.Count + ledger.Unconfirmed.Count);
        f.Count("filings accepted (201)", ledger.Accepted.Count);
        f.Count("filing calls", ledger.FilingAttempts);
        f.Count("filing calls failed, service unavailable (retried)", ledger.FilingsUnavailable);
        f.Count("filings never confirmed (not a bug)", ledger.Unconfirmed.Count);
        f.Count("reports at Intake", reports.Count);
        foreach (var status in new[] { "received", "routed", "duplicate", "forwarded" })
            f.Count($"reports {status}", reports.Values.Count(r => r.Status == status));
        f.Duplicated.AddRange(ledger.DoubledFilings);
        f.Wrong.AddRange(ledger.Refused.Select(r => $"refused: {r}"));

        foreach (var (id, filing) in ledger.Accepted)
        {
            if (!reports.TryGetValue(id, out var report))
            {
                f.Lost.Add($"report {id} ({filing.Url}) was accepted with 201 and is not at Intake");
                continue;
            }
            var content = filing.Content;
            if (report.Status == "received")
            {
                f.Stuck.Add($"report {id} ({content.Key}) is still received");
                continue;
            }
            var expected = content.Fate == Fate.Forward ? ["forwarded"] : new[] { "routed", "duplicate" };
            if (!expected.Contains(report.Status))
                f.Wrong.Add($"report {id} ({content.Key}) is {report.Status}, expected {string.Join(" or ", expected)}");
            else if (content.Fate == Fate.Request && report.RequestId is null)
                f.Stuck.Add($"report {id} ({content.Key}) is {report.Status} but its request is not at Intake");
            if (report.NormalizedUrl != content.NormalizedUrl)
                f.Wrong.Add($"report {id} normalised to {report.NormalizedUrl}, expected {content.NormalizedUrl}");
            if (content.Fate == Fate.Request && report.PlatformId is { } platform && platform != content.PlatformId)
                f.Wrong.Add($"report {id} ({content.Key}) went to {platform}, expected {content.PlatformId}");
        }
        var unconfirmedUrls = ledger.Unconfirmed.Select(u => u.Url).ToHashSet(StringComparer.Ordinal);
        foreach (var report in reports.Values.Where(r => !ledger.Accepted.ContainsKey(r.Id)))
        {
            if (unconfirmedUrls.Contains(report.Url)) f.Notes.Add($"report {report.Id} was filed by a call whose answer never came");
            else f.Duplicated.Add($"report {report.Id} ({report.Url}) is at Intake but no 201 gave its id: a filing taken twice");
        }

        // Requests: each carried by exactly one routed report, one open at a time per URL, the same at
        // PlatformLiaison and at Intake, and closed ones settled by Escalation.
        var routedBy = reports.Values.Where(r => r.Status == "routed" && r.RequestId is not null).ToLookup(r => r.RequestId!);
        var intakeView = reports.Values.Where(r => r.RequestId is not null).GroupBy(r => r.RequestId!).ToDictionary(g => g.Key, g => g.First());
        f.Count("requests at PlatformLiaison", requests.Count);
        foreach (var status in new[] { "pending", "acknowledged", "closed" })
            f.Count($"requests {status}", requests.Values.Count(r => r.Status == status));
        f.Count("requests answered removed by the platform client (200)", ledger.Answered.Count);
        f.Count("requests acknowledged by the platform client (200)", ledger.Acknowledged.Count);
        f.Count("platform client calls", ledger.PlatformCalls);
        f.Count("platform client polls failed, service unavailable", ledger.PlatformUnavailable);

        foreach (var request in requests.Values)
        {
            var content = contents.Of(request.Url);
            var carriers = routedBy[request.Id].Count();
            if (carriers == 0)
            {
                var pendingReport = reports.Values.Any(r => r.Status == "received" && contents.Of(r.Url) == content);
                (pendingReport ? f.Stuck : f.Duplicated).Add(
                    $"request {request.Id} ({content?.Key}) is at {request.PlatformId} but no report at Intake is routed with it");
            }
            else if (carriers > 1)
            {
                f.Duplicated.Add($"request {request.Id} is carried by {carriers} routed reports: {string.Join(", ", routedBy[request.Id].Select(r => r.Id))}");
            }
            if (intakeView.TryGetValue(request.Id, out var seen))
            {
                if (seen.RequestStatus != request.Status)
                    f.Stuck.Add($"request {request.Id} ({content?.Key}) is {request.Status} at PlatformLiaison but {seen.RequestStatus} at Intake");
                else if (request.Status == "closed" && seen.Sla is not ("met" or "missed"))
                    f.Stuck.Add($"request {request.Id} ({content?.Key}) is closed but its deadline is still {seen.Sla} at Intake: Escalation did not settle it");
            }
        }
        foreach (var (requestId, report) in intakeView.Where(v => !requests.ContainsKey(v.Key)))
            f.Lost.Add($"request {requestId} of report {report.Id} ({report.Status}) is at Intake but never reached PlatformLiaison");

        foreach (var perContent in requests.Values.GroupBy(r => contents.Of(r.Url)?.Key ?? r.Url))
        {
            var inOrder = perContent.OrderBy(r => r.IssuedAt).ToList();
            var open = inOrder.Count(r => r.Status != "closed");
            if (open > 1)
                f.Duplicated.Add($"{perContent.Key}: {open} requests open at once ({string.Join(", ", inOrder.Where(r => r.Status != "closed").Select(r => r.Id))})");
            for (var i = 1; i < inOrder.Count; i++)
            {
                var earlier = inOrder[i - 1];
                var closedAt = intakeView.GetValueOrDefault(earlier.Id)?.ClosedAt;
                if (earlier.Status != "closed" || (closedAt is { } closed && closed > inOrder[i].IssuedAt))
                    f.Duplicated.Add($"{perContent.Key}: request {inOrder[i].Id} issued at {inOrder[i].IssuedAt:HH:mm:ss.fff} while {earlier.Id} was open (closed at {closedAt:HH:mm:ss.fff})");
            }
        }

        foreach (var duplicate in reports.Values.Where(r => r.Status == "duplicate" && r.RequestId is not null))
        {
            var carrier = routedBy[duplicate.RequestId!].FirstOrDefault();
            if (carrier is not null && carrier.Id != duplicate.DuplicateOf)
                f.Wrong.Add($"report {duplicate.Id} is a duplicate of {duplicate.DuplicateOf} but its request {duplicate.RequestId} is carried by {carrier.Id}");
            if (carrier is not null && contents.Of(carrier.Url) != contents.Of(duplicate.Url))
                f.Wrong.Add($"report {duplicate.Id} ({contents.Of(duplicate.Url)?.Key}) is linked to a request of {contents.Of(carrier.Url)?.Key}");
        }

        // The platform's answers: what PlatformLiaison confirmed it has.
        foreach (var id in ledger.Answered)
        {
            if (!requests.TryGetValue(id, out var request) || request.Status != "closed" || request.Outcome != "removed")
                f.Lost.Add($"request {id} was answered removed (200) but is {request?.Status ?? "absent"} at PlatformLiaison");
            else if (intakeView.GetValueOrDefault(id) is { } seen && (seen.RequestStatus != "closed" || seen.Outcome != "removed"))
                f.Stuck.Add($"request {id} was answered removed but is {seen.RequestStatus} at Intake");
        }
        foreach (var id in ledger.Acknowledged)
        {
            if (!requests.TryGetValue(id, out var request) || request.AcknowledgedAt is null)
                f.Lost.Add($"request {id} was acknowledged (200) but is {request?.Status ?? "absent"} and unacknowledged at PlatformLiaison");
        }

        // Notices: one request_issued delivery per request; the same delivery again is an allowed retry.
        var issued = snapshot.Notices.Where(n => n.Event == "request_issued").ToList();
        var deliveriesByRequest = issued.Where(n => n.RequestId is not null).GroupBy(n => n.RequestId!)
            .ToDictionary(g => g.Key, g => g.Select(n => n.DeliveryId).Distinct().Count());
        var distinct = issued.Select(n => n.DeliveryId).Distinct().Count();
        f.Count("notices request_issued: posts received", issued.Count);
        f.Count("notices request_issued: distinct deliveries", distinct);
        f.Count("notices request_issued: repeats of a delivery (allowed)", issued.Count - distinct);
        f.Count("notices of other events", snapshot.Notices.Count - issued.Count);
        foreach (var request in requests.Values)
        {
            var deliveries = deliveriesByRequest.GetValueOrDefault(request.Id);
            if (deliveries == 0) f.Lost.Add($"request {request.Id} ({request.PlatformId}): no request_issued notice reached the webhook");
            else if (deliveries > 1) f.Duplicated.Add($"request {request.Id} ({request.PlatformId}): {deliveries} distinct request_issued deliveries");
        }
        foreach (var notice in issued.Where(n => n.RequestId is null || !requests.ContainsKey(n.RequestId)).DistinctBy(n => n.DeliveryId))
            f.Duplicated.Add($"notice {notice.DeliveryId} announces request {notice.RequestId}, which PlatformLiaison does not hold");
        foreach (var notice in snapshot.Notices.Where(n => !n.SignatureValid).DistinctBy(n => n.DeliveryId))
            f.Wrong.Add($"notice {notice.DeliveryId} ({notice.Event}) does not carry a valid signature");
        foreach (var notice in snapshot.Notices.Where(n => n.Event != "request_issued").DistinctBy(n => n.DeliveryId))
            f.Notes.Add($"notice {notice.DeliveryId}: {notice.Event} for request {notice.RequestId}");

        // Escalation: a clock per request, and the answers counted, per platform.
        foreach (var platform in requests.Values.Select(r => r.PlatformId).Distinct().Order())
        {
            var held = requests.Values.Where(r => r.PlatformId == platform).ToList();
            var counted = snapshot.Escalation.GetValueOrDefault(platform) ?? new EscalationCounts(0, 0, 0);
            var acknowledged = held.Count(r => r.AcknowledgedAt is not null);
            var acted = held.Count(r => r.Outcome == "removed");
            f.Count($"escalation {platform}: requests / acknowledged / acted", $"{counted.Requests} / {counted.Acknowledged} / {counted.Acted}");
            if (counted.Requests < held.Count) f.Lost.Add($"Escalation counts {counted.Requests} requests of {platform}; PlatformLiaison holds {held.Count}");
            if (counted.Requests > held.Count) f.Duplicated.Add($"Escalation counts {counted.Requests} requests of {platform}; PlatformLiaison holds {held.Count}");
            if (counted.Acknowledged != acknowledged) f.Stuck.Add($"Escalation counts {counted.Acknowledged} acknowledged requests of {platform}; PlatformLiaison {acknowledged}");
            if (counted.Acted != acted) f.Stuck.Add($"Escalation counts {counted.Acted} acted requests of {platform}; PlatformLiaison {acted}");
        }
        return f;
    }

    /// <summary>
    /// Looks into the vhost's queues: a message in an <c>_error</c> queue failed every retry, one in a
    /// <c>_skipped</c> queue reached an endpoint that has no consumer for it; either is a fact that never
    /// took effect.
    /// </summary>
    public static void CheckQueues(PharosSystem system, LedgerFigures figures)
    {
        var queues = RabbitMqBroker.Queues(system.VirtualHost);
        var deadLettered = queues.Where(q => q.Key.EndsWith("_error", StringComparison.Ordinal) || q.Key.EndsWith("_skipped", StringComparison.Ordinal)).ToList();
        figures.Count("queues in the vhost", queues.Count);
        figures.Count("messages dead-lettered (_error, _skipped)", deadLettered.Sum(q => q.Value));
        foreach (var (queue, messages) in deadLettered.Where(q => q.Value > 0))
            figures.Stuck.Add($"queue {queue} holds {messages} messages that never took effect");
        foreach (var (queue, messages) in queues.Except(deadLettered).Where(q => q.Value > 0))
            figures.Notes.Add($"queue {queue} still holds {messages} messages");
    }

    /// <summary>How many messages each service wrote to its outbox, and how many it has not sent yet.</summary>
    public static void CountOutboxes(PharosSystem system, LedgerFigures figures)
    {
        foreach (var service in system.Services)
            figures.Count($"outbox {service.Service}: written / not yet sent / not yet receipted by every consumer",
                $"{service.Scalar("SELECT COUNT(*) FROM outbox")} / {service.Scalar("SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL")}" +
                $" / {service.Scalar("SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL OR resend_at IS NOT NULL")}");
    }

    /// <summary>
    /// Reads every accepted report's timeline: each event once (the scenario asks no question and
    /// misses no deadline), and the one decision its status says.
    /// </summary>
    public static async Task CheckTimelinesAsync(PharosSystem system, Ledger ledger, LedgerFigures figures)
    {
        using var analyst = Api.Client(system.Intake.BaseAddress, "demo-analyst");
        using var gate = new SemaphoreSlim(6);
        var read = 0;
        await Task.WhenAll(ledger.Accepted.Keys.Select(async id =>
        {
            await gate.WaitAsync();
            try
            {
                var report = await (await analyst.GetAsync($"/api/reports/{id}")).Json();
                Interlocked.Increment(ref read);
                var events = report.GetProperty("timeline").EnumerateArray().Select(e => e.String("event")!).ToList();
                var problems = new List<(List<string> Bucket, string Line)>();
                foreach (var twice in events.GroupBy(e => e).Where(g => g.Count() > 1))
                    problems.Add((figures.Duplicated, $"report {id}: {twice.Key} {twice.Count()} times on its timeline"));
                var decision = report.String("status") switch
                {
                    "routed" => "report_routed",
                    "duplicate" => "duplicate_linked",
                    "forwarded" => "report_forwarded",
                    _ => null,
                };
                var decisions = events.Where(e => e is "report_routed" or "duplicate_linked" or "report_forwarded").Distinct().ToList();
                if (decision is not null && (decisions.Count != 1 || decisions[0] != decision))
                    problems.Add((figures.Wrong, $"report {id} is {report.String("status")} but its timeline decides [{string.Join(", ", decisions)}]"));
                if (decision == "report_routed" && !events.Contains("request_issued"))
                    problems.Add((figures.Stuck, $"report {id} is routed but request_issued is not on its timeline"));
                lock (figures)
                    foreach (var (bucket, line) in problems) bucket.Add(line);
            }
            finally { gate.Release(); }
        }));
        figures.Count("timelines read", read);
    }
}
