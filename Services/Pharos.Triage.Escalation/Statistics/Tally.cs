using System.Runtime.InteropServices;
using Pharos.Triage.Contracts;

namespace Pharos.Triage.Escalation.Statistics;

/// <summary>
/// The counters and durations of a set of requests: built from requests one at a time, or restored
/// from a day's rollup, and merged. Durations are kept whole, so medians stay exact after any merge.
/// </summary>
public sealed class Tally
{
    private readonly List<int> _acknowledge = [];
    private readonly List<int> _act = [];

    /// <summary>Refusals per ground, in the order of <see cref="RefusalGround.All"/> (the day rollup's columns follow it).</summary>
    private readonly int[] _refusedByGround = new int[RefusalGround.All.Count];

    public int Requests { get; private set; }
    public int Acknowledged { get; private set; }
    public int AcknowledgedInTime { get; private set; }
    public int Acted { get; private set; }
    public int ActedInTime { get; private set; }
    public int Refused { get; private set; }
    public int NotFound { get; private set; }
    public int Superseded { get; private set; }
    public int Clarifications { get; private set; }
    public int Unanswered { get; private set; }

    public void Add(in RequestFact f)
    {
        Requests++;
        // Replaced by a stricter request: counted on its own, never as answered nor as unanswered.
        if (f.Outcome == Outcome.Superseded)
        {
            Superseded++;
            return;
        }
        Clarifications += f.Clarifications;
        // Unanswered when the sweep found no answer: an answer recorded before the sweep fired (which then
        // reached Escalation late) means the platform did answer.
        if (f.UnansweredAt is { } unansweredAt && !(f.ClosedAt <= unansweredAt)) Unanswered++;
        if (f.AcknowledgedAt is { } acknowledgedAt)
        {
            Acknowledged++;
            if (acknowledgedAt <= f.AcknowledgeBy) AcknowledgedInTime++;
            // Asking a question acknowledges, so no pause can come before the acknowledgement.
            _acknowledge.Add(Elapsed.WholeSeconds(f.IssuedAt, acknowledgedAt));
        }
        switch (f.Outcome)
        {
            case Outcome.Removed or Outcome.GeoBlocked when f.ClosedAt is { } closedAt:
                Acted++;
                if (closedAt <= f.ActBy) ActedInTime++;
                // Every pause lies between the acknowledgement and the close, so the running time is never negative.
                _act.Add(Elapsed.WholeSeconds(f.IssuedAt + TimeSpan.FromMilliseconds(f.PausedMs), closedAt));
                break;
            case Outcome.Refused:
                Refused++;
                _refusedByGround[GroundIndex(f.RefusalGround)]++;
                break;
            case Outcome.NotFound:
                NotFound++;
                break;
        }
    }

    /// <summary>
    /// Where a refusal is counted. One without a ground was recorded before grounds existed: the migrations gave
    /// the stored ones <c>other</c>, and this does the same for a message already in flight then. The API
    /// accepts only the listed grounds, so an unknown one is a bug and fails.
    /// </summary>
    private static int GroundIndex(string? ground)
    {
        var index = IndexOf(ground ?? RefusalGround.Other);
        return index >= 0 ? index : throw new InvalidOperationException($"A refusal with an unknown ground: {ground}.");
    }

    private static int IndexOf(string ground)
    {
        for (var i = 0; i < RefusalGround.All.Count; i++)
            if (RefusalGround.All[i] == ground) return i;
        return -1;
    }

    public void Merge(Tally other)
    {
        Requests += other.Requests; Acknowledged += other.Acknowledged; AcknowledgedInTime += other.AcknowledgedInTime;
        Acted += other.Acted; ActedInTime += other.ActedInTime; Refused += other.Refused; NotFound += other.NotFound;
        Superseded += other.Superseded; Clarifications += other.Clarifications; Unanswered += other.Unanswered;
        for (var i = 0; i < _refusedByGround.Length; i++) _refusedByGround[i] += other._refusedByGround[i];
        _acknowledge.AddRange(other._acknowledge);
        _act.AddRange(other._act);
    }

    /// <summary>A day's rollup row for this tally.</summary>
    public DayRow ToDay(string platformId, string category, string legalBasis, long day) => new()
    {
        PlatformId = platformId, Category = category, LegalBasis = legalBasis, Day = day, Requests = Requests,
        Acknowledged = Acknowledged, AcknowledgedInTime = AcknowledgedInTime, Acted = Acted, ActedInTime = ActedInTime,
        Refused = Refused, RefusedNotIllegal = _refusedByGround[0], RefusedInsufficientInformation = _refusedByGround[1],
        RefusedImpossible = _refusedByGround[2], RefusedOutsideJurisdiction = _refusedByGround[3], RefusedOther = _refusedByGround[4],
        NotFound = NotFound, Superseded = Superseded, Clarifications = Clarifications, Unanswered = Unanswered,
        AcknowledgeSeconds = MemoryMarshal.AsBytes(CollectionsMarshal.AsSpan(_acknowledge)).ToArray(),
        ActSeconds = MemoryMarshal.AsBytes(CollectionsMarshal.AsSpan(_act)).ToArray(),
    };

    public static Tally FromDay(DayRow day)
    {
        var tally = new Tally
        {
            Requests = day.Requests, Acknowledged = day.Acknowledged, AcknowledgedInTime = day.AcknowledgedInTime, Acted = day.Acted,
            ActedInTime = day.ActedInTime, Refused = day.Refused, NotFound = day.NotFound, Superseded = day.Superseded,
            Clarifications = day.Clarifications, Unanswered = day.Unanswered,
        };
        int[] grounds = [day.RefusedNotIllegal, day.RefusedInsufficientInformation, day.RefusedImpossible, day.RefusedOutsideJurisdiction, day.RefusedOther];
        grounds.CopyTo(tally._refusedByGround, 0);
        tally._acknowledge.AddRange(MemoryMarshal.Cast<byte, int>(day.AcknowledgeSeconds));
        tally._act.AddRange(MemoryMarshal.Cast<byte, int>(day.ActSeconds));
        return tally;
    }

    public T ToFigures<T>(Func<T> create) where T : Figures
    {
        _acknowledge.Sort();
        _act.Sort();
        var figures = create();
        figures.Requests = Requests;
        figures.Acknowledged = Acknowledged;
        figures.AcknowledgedInTime = AcknowledgedInTime;
        figures.Acted = Acted;
        figures.ActedInTime = ActedInTime;
        figures.Refused = Refused;
        var byGround = new SortedDictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < _refusedByGround.Length; i++)
            if (_refusedByGround[i] > 0) byGround[RefusalGround.All[i]] = _refusedByGround[i];
        figures.RefusedByGround = byGround;
        figures.NotFound = NotFound;
        figures.Superseded = Superseded;
        figures.Clarifications = Clarifications;
        figures.Unanswered = Unanswered;
        // A superseded request was never the platform's to answer to the end: the rate is over the others.
        var answerable = Requests - Superseded;
        figures.UnansweredRate = answerable == 0 ? 0 : Math.Round((double)Unanswered / answerable, 4);
        figures.MedianAcknowledgeSeconds = NearestRank(_acknowledge, 0.5);
        figures.P90AcknowledgeSeconds = NearestRank(_acknowledge, 0.9);
        figures.MedianActSeconds = NearestRank(_act, 0.5);
        figures.P90ActSeconds = NearestRank(_act, 0.9);
        return figures;
    }

    /// <summary>The value at rank ⌈p·n⌉ of the sorted values (nearest rank); null for none.</summary>
    public static long? NearestRank(List<int> sorted, double p) =>
        sorted.Count == 0 ? null : sorted[Math.Max(1, (int)Math.Ceiling(p * sorted.Count)) - 1];
}

/// <summary>Durations as published: whole seconds between two times the system recorded, in order.</summary>
public static class Elapsed
{
    /// <summary>
    /// The whole seconds from <paramref name="from"/> to <paramref name="to"/>. Publications measure only between
    /// times the system itself recorded in that order (issue, then the answer's API call), never a time a platform
    /// declares, so the end is never before the start. If it were, the figures would be wrong: this fails
    /// rather than publish a negative duration or quietly turn it into zero.
    /// </summary>
    public static int WholeSeconds(DateTimeOffset from, DateTimeOffset to) =>
        to >= from
            ? checked((int)((to - from).Ticks / TimeSpan.TicksPerSecond))
            : throw new InvalidOperationException($"A duration that ends ({to:O}) before it starts ({from:O}): recorded times out of order.");
}

/// <summary>A row of <c>statistics_days</c>.</summary>
public sealed class DayRow
{
    public string PlatformId { get; set; } = "";
    public string Category { get; set; } = "";
    public string LegalBasis { get; set; } = "";
    public long Day { get; set; }
    public int Requests { get; set; }
    public int Acknowledged { get; set; }
    public int AcknowledgedInTime { get; set; }
    public int Acted { get; set; }
    public int ActedInTime { get; set; }
    public int Refused { get; set; }
    public int RefusedNotIllegal { get; set; }
    public int RefusedInsufficientInformation { get; set; }
    public int RefusedImpossible { get; set; }
    public int RefusedOutsideJurisdiction { get; set; }
    public int RefusedOther { get; set; }
    public int NotFound { get; set; }
    public int Superseded { get; set; }
    public int Clarifications { get; set; }
    public int Unanswered { get; set; }
    public byte[] AcknowledgeSeconds { get; set; } = [];
    public byte[] ActSeconds { get; set; } = [];
}
