using System.Collections.Concurrent;

namespace Pharos.Triage.FaultTests;

/// <summary>
/// What the clients were told, as they were told it: the reports Intake accepted (201, with their id),
/// the requests the platform acknowledged and answered (200). The system is checked against it
/// afterwards (<see cref="LedgerCheck"/>): what was accepted must be there, once, in its state.
/// </summary>
public sealed class Ledger(Contents contents)
{
    private readonly ConcurrentDictionary<int, string> _reportOfFiling = new();
    private readonly ConcurrentDictionary<string, Filing> _filingOfReport = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<int, Filing> _unconfirmed = new();
    private readonly ConcurrentDictionary<string, byte> _acknowledged = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _answered = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _outcomeUncertain = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _refused = new();
    private readonly ConcurrentQueue<string> _doubledFilings = new();
    private long _filingAttempts;
    private long _filingsUnavailable;
    private long _platformCalls;
    private long _platformUnavailable;

    public Contents Contents => contents;

    public DateTimeOffset StartedAt { get; } = DateTimeOffset.UtcNow;

    public IReadOnlyDictionary<string, Filing> Accepted => _filingOfReport;

    /// <summary>Filings whose every call failed: never accepted as far as the client knows.</summary>
    public IReadOnlyCollection<Filing> Unconfirmed => [.. _unconfirmed.Values];

    public IReadOnlyCollection<string> Acknowledged => [.. _acknowledged.Keys];

    public IReadOnlyCollection<string> Answered => [.. _answered.Keys];

    /// <summary>Answers from Intake or PlatformLiaison that no client retry explains (400, 404, 422, a 409 out of the blue).</summary>
    public IReadOnlyCollection<string> Refused => [.. _refused];

    public IReadOnlyCollection<string> DoubledFilings => [.. _doubledFilings];

    public long FilingAttempts => Interlocked.Read(ref _filingAttempts);

    public long FilingsUnavailable => Interlocked.Read(ref _filingsUnavailable);

    public long PlatformCalls => Interlocked.Read(ref _platformCalls);

    public long PlatformUnavailable => Interlocked.Read(ref _platformUnavailable);

    public void Attempted(Filing filing)
    {
        Interlocked.Increment(ref _filingAttempts);
        _unconfirmed.TryAdd(filing.Number, filing);
    }

    /// <summary>Intake answered 201 with <paramref name="reportId"/>. A retry of the same filing must get the same id.</summary>
    public void Accept(Filing filing, string reportId)
    {
        var first = _reportOfFiling.GetOrAdd(filing.Number, reportId);
        if (first != reportId)
            _doubledFilings.Enqueue($"filing {filing.Number} ({filing.Url}) accepted twice, as {first} and {reportId}, under one Idempotency-Key");
        _filingOfReport[reportId] = filing;
        _unconfirmed.TryRemove(filing.Number, out _);
    }

    public void FilingUnavailable() => Interlocked.Increment(ref _filingsUnavailable);

    public void PlatformCalled() => Interlocked.Increment(ref _platformCalls);

    public void PlatformWasUnavailable() => Interlocked.Increment(ref _platformUnavailable);

    public void Refuse(string what) => _refused.Enqueue(what);

    public void RequestAcknowledged(string requestId) => _acknowledged.TryAdd(requestId, 0);

    public void RequestAnswered(string requestId) => _answered.TryAdd(requestId, 0);

    /// <summary>An outcome call whose answer never came: it may have been recorded.</summary>
    public void OutcomeUncertain(string requestId) => _outcomeUncertain.TryAdd(requestId, 0);

    public bool WasOutcomeUncertain(string requestId) => _outcomeUncertain.ContainsKey(requestId);

    public int AcceptedBefore(DateTimeOffset at) => _filingOfReport.Keys.Count(id => ReportTime(id) < at);

    public int AcceptedAfter(DateTimeOffset at) => _filingOfReport.Keys.Count(id => ReportTime(id) > at);

    // Report ids are version 7 GUIDs: their first 48 bits are the Unix milliseconds Intake accepted them at.
    private static DateTimeOffset ReportTime(string id) =>
        DateTimeOffset.FromUnixTimeMilliseconds(Convert.ToInt64(id.Replace("-", "")[..12], 16));
}
