using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Pharos.Triage.Contracts;

namespace Pharos.Triage.Infrastructure.Telemetry;

/// <summary>What kind of instrument a <see cref="MetricDefinition"/> is: its Prometheus name and type follow from it.</summary>
public enum InstrumentKind
{
    /// <summary>Only goes up; a rate is read from it.</summary>
    Counter,

    /// <summary>A current value, read when the metrics are collected.</summary>
    Gauge,

    /// <summary>A distribution of measurements.</summary>
    Histogram,
}

/// <summary>One instrument of the project's meter: its name (OpenTelemetry style), unit (UCUM), tags and meaning.</summary>
public sealed record MetricDefinition(string Name, string Unit, InstrumentKind Kind, IReadOnlyList<string> Tags, string Description);

/// <summary>
/// The project's own instruments, on the meter <see cref="PharosTelemetry.Name"/>, made through the host's
/// <see cref="IMeterFactory"/> so that each host has its own (tests run several in one process). Every name, unit and
/// tag is here, in <see cref="All"/>: the docs, the alert rules and the dashboard are checked against this list. Tags have
/// bounded values (a category, a legal basis, an outcome, a platform of the catalogue, a service, a queue): never a URL
/// or an id of a report or request. The counters are recorded where the fact commits; the gauges report the last reading
/// of whoever reads them (<see cref="MetricsSampler"/>, the deadline sweep), never a query per collection.
/// </summary>
public sealed class PharosMetrics
{
    public static readonly MetricDefinition ReportsFiled = new("pharos.reports.filed", "{report}", InstrumentKind.Counter, ["category"],
        "Reports filed by analysts, by category.");

    public static readonly MetricDefinition RequestsIssued = new("pharos.requests.issued", "{request}", InstrumentKind.Counter, ["legal_basis"],
        "Removal requests issued to platforms, by legal basis.");

    public static readonly MetricDefinition RequestsAnswered = new("pharos.requests.answered", "{request}", InstrumentKind.Counter, ["outcome", "timeliness"],
        "Requests a platform closed with an outcome, and whether in time (acknowledged by acknowledge-by and closed by act-by: in_time) or not (late). A request superseded by a stricter one is no answer.");

    public static readonly MetricDefinition RequestsOverdue = new("pharos.requests.overdue", "{request}", InstrumentKind.Gauge, [],
        "Open requests past a deadline (acknowledge-by or act-by), as the deadline sweep last read them.");

    public static readonly MetricDefinition RequestsUnanswered = new("pharos.requests.unanswered", "{request}", InstrumentKind.Gauge, [],
        "Open requests left unanswered (the grace period after act-by passed with no outcome), as the deadline sweep last read them.");

    public static readonly MetricDefinition OutboxBacklog = new("pharos.outbox.backlog", "{message}", InstrumentKind.Gauge, ["service"],
        "Messages in a service's outbox not yet taken by the bus, at the last reading.");

    public static readonly MetricDefinition OutboxOldestAge = new("pharos.outbox.oldest_age", "s", InstrumentKind.Gauge, ["service"],
        "Age of the oldest message of a service's outbox still waiting to leave (0 when none waits), at the last reading.");

    public static readonly MetricDefinition WebhookBacklog = new("pharos.webhooks.backlog", "{notice}", InstrumentKind.Gauge, ["platform"],
        "Notices to a platform's webhook not yet delivered nor abandoned, at the last reading.");

    public static readonly MetricDefinition WebhookDispatches = new("pharos.webhooks.dispatches", "{dispatch}", InstrumentKind.Counter, ["platform", "result"],
        "Dispatches of notices to a platform's webhook, by result: delivered, failed (retried later or abandoned), no_receiver (the platform has no webhook any more).");

    public static readonly MetricDefinition WebhooksAbandoned = new("pharos.webhooks.abandoned", "{notice}", InstrumentKind.Counter, ["platform"],
        "Notices given up on after their last retry: the platform never received them.");

    public static readonly MetricDefinition WebhookFailingFor = new("pharos.webhooks.failing_for", "s", InstrumentKind.Gauge, ["platform"],
        "How long a platform's webhook has been failing: since its first failed dispatch with no delivery since. Not reported for a platform whose last dispatch was delivered.");

    public static readonly MetricDefinition ErrorQueueDepth = new("pharos.bus.error_queue.depth", "{message}", InstrumentKind.Gauge, ["queue"],
        "Messages waiting in a RabbitMQ _error queue (a consumer failed on them after its retries) or the dead-letter queue, at the last reading. Not reported on the in-memory bus.");

    public static readonly MetricDefinition SweepDuration = new("pharos.escalation.sweep.duration", "s", InstrumentKind.Histogram, [],
        "How long one deadline sweep took, reading and advancing every clock due.");

    public static readonly MetricDefinition GroupCommitSize = new("pharos.sqlite.group_commit.size", "{transaction}", InstrumentKind.Histogram, ["service"],
        "Writers one SQLite flush to disk made durable (one group commit).");

    /// <summary>Every instrument, for the docs and the deploy files' checks.</summary>
    public static readonly IReadOnlyList<MetricDefinition> All =
    [
        ReportsFiled, RequestsIssued, RequestsAnswered, RequestsOverdue, RequestsUnanswered, OutboxBacklog, OutboxOldestAge,
        WebhookBacklog, WebhookDispatches, WebhooksAbandoned, WebhookFailingFor, ErrorQueueDepth, SweepDuration, GroupCommitSize,
    ];

    private readonly Meter _meter;
    private readonly TimeProvider _clock;
    private readonly Counter<long> _reportsFiled;
    private readonly Counter<long> _requestsIssued;
    private readonly Counter<long> _requestsAnswered;
    private readonly Counter<long> _webhookDispatches;
    private readonly Counter<long> _webhooksAbandoned;
    private readonly Histogram<double> _sweepDuration;
    private readonly Histogram<int> _groupCommitSize;

    // The gauges' last readings; absent until first read, so a host that does not run the reader reports nothing.
    private OpenRequests? _openRequests;
    private readonly ConcurrentDictionary<string, OutboxReading> _outbox = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _webhookBacklog = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _webhookFailingSince = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _errorQueues = new(StringComparer.Ordinal);

    private sealed record OpenRequests(long Overdue, long Unanswered);

    private sealed record OutboxReading(long Backlog, DateTimeOffset? OldestCreatedAt, DateTimeOffset ReadAt);

    public PharosMetrics(IMeterFactory meters, TimeProvider clock)
    {
        _clock = clock;
        _meter = meters.Create(PharosTelemetry.Name);
        _reportsFiled = Counter(ReportsFiled);
        _requestsIssued = Counter(RequestsIssued);
        _requestsAnswered = Counter(RequestsAnswered);
        _webhookDispatches = Counter(WebhookDispatches);
        _webhooksAbandoned = Counter(WebhooksAbandoned);
        _sweepDuration = _meter.CreateHistogram<double>(SweepDuration.Name, SweepDuration.Unit, SweepDuration.Description,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30] });
        _groupCommitSize = _meter.CreateHistogram<int>(GroupCommitSize.Name, GroupCommitSize.Unit, GroupCommitSize.Description,
            advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = [1, 2, 4, 8, 16, 32, 64] });

        Gauge(RequestsOverdue, () => _openRequests is { } open ? [new(open.Overdue)] : []);
        Gauge(RequestsUnanswered, () => _openRequests is { } open ? [new(open.Unanswered)] : []);
        Gauge(OutboxBacklog, () => _outbox.Select(o => new Measurement<double>(o.Value.Backlog, Tag("service", o.Key))));
        Gauge(OutboxOldestAge, () => _outbox.Select(o => new Measurement<double>(
            o.Value.OldestCreatedAt is { } oldest ? Math.Max(0, (o.Value.ReadAt - oldest).TotalSeconds) : 0, Tag("service", o.Key))));
        Gauge(WebhookBacklog, () => _webhookBacklog.Select(b => new Measurement<double>(b.Value, Tag("platform", b.Key))));
        Gauge(WebhookFailingFor, () =>
        {
            var now = _clock.GetUtcNow();
            return _webhookFailingSince.Select(f => new Measurement<double>(Math.Max(0, (now - f.Value).TotalSeconds), Tag("platform", f.Key)));
        });
        Gauge(ErrorQueueDepth, () => _errorQueues.Select(q => new Measurement<double>(q.Value, Tag("queue", q.Key))));
    }

    private Counter<long> Counter(MetricDefinition definition) => _meter.CreateCounter<long>(definition.Name, definition.Unit, definition.Description);

    private void Gauge(MetricDefinition definition, Func<IEnumerable<Measurement<double>>> observe) =>
        _meter.CreateObservableGauge(definition.Name, observe, definition.Unit, definition.Description);

    private static KeyValuePair<string, object?> Tag(string name, string value) => new(name, value);

    /// <summary>
    /// A message the service's transaction committed to its outbox: the facts it announces are counted once they are
    /// durable, once each (a message handled twice is published once: the inbox absorbs the copy).
    /// </summary>
    public void Committed(object message)
    {
        switch (message)
        {
            case ReportFiled filed:
                _reportsFiled.Add(1, Tag("category", filed.Category));
                break;
            case RequestIssued issued:
                _requestsIssued.Add(1, Tag("legal_basis", issued.LegalBasis));
                break;
            case RequestClosed closed when closed.Outcome != Outcome.Superseded:
                _requestsAnswered.Add(1, Tag("outcome", closed.Outcome), Tag("timeliness", Timeliness(closed)));
                break;
        }
    }

    /// <summary>
    /// In time as Escalation's DeadlineVerdict settles it, on the times the system recorded (never the platform's actedAt):
    /// acknowledged by acknowledge-by and closed by act-by, both as pauses moved them.
    /// </summary>
    public static string Timeliness(RequestClosed closed) =>
        closed.AcknowledgedAt <= closed.AcknowledgeBy && closed.ClosedAt <= closed.ActBy ? "in_time" : "late";

    /// <summary>The deadline sweep's reading of the open requests past a deadline and left unanswered.</summary>
    public void OpenRequestsRead(long overdue, long unanswered) => _openRequests = new OpenRequests(overdue, unanswered);

    public void SweepTook(TimeSpan duration) => _sweepDuration.Record(duration.TotalSeconds);

    /// <summary>A service's outbox as last read: how many rows wait, and when the oldest that can leave was written.</summary>
    public void OutboxRead(string service, long backlog, DateTimeOffset? oldestCreatedAt) =>
        _outbox[service] = new OutboxReading(backlog, oldestCreatedAt, _clock.GetUtcNow());

    /// <summary>The notices waiting per platform, as last read; a platform absent from the reading has none.</summary>
    public void WebhookBacklogRead(IReadOnlyDictionary<string, long> byPlatform)
    {
        foreach (var platform in _webhookBacklog.Keys.Except(byPlatform.Keys)) _webhookBacklog[platform] = 0;
        foreach (var (platform, count) in byPlatform) _webhookBacklog[platform] = count;
    }

    /// <summary>One dispatch of a notice to <paramref name="platform"/> and what came of it.</summary>
    public void WebhookDispatched(string platform, string result, bool abandoned)
    {
        _webhookDispatches.Add(1, Tag("platform", platform), Tag("result", result));
        if (abandoned) _webhooksAbandoned.Add(1, Tag("platform", platform));
        if (result == WebhookResults.Failed) _webhookFailingSince.TryAdd(platform, _clock.GetUtcNow());
        else _webhookFailingSince.TryRemove(platform, out _); // delivered, or no webhook any more: nothing is failing
    }

    /// <summary>A RabbitMQ queue's depth as last read.</summary>
    public void ErrorQueueRead(string queue, long depth) => _errorQueues[queue] = depth;

    /// <summary>How many writers one SQLite group commit made durable.</summary>
    public void GroupCommitted(string service, int writers) => _groupCommitSize.Record(writers, Tag("service", service));
}

/// <summary>The values of the <c>result</c> tag of <see cref="PharosMetrics.WebhookDispatches"/>.</summary>
public static class WebhookResults
{
    public const string Delivered = "delivered";
    public const string Failed = "failed";
    public const string NoReceiver = "no_receiver";
}
