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
    private readonly SortedDictionary<string, int> _reasons = new(StringComparer.Ordinal);

    public int Requests { get; private set; }
    public int Acknowledged { get; private set; }
    public int AcknowledgedInTime { get; private set; }
    public int Acted { get; private set; }
    public int ActedInTime { get; private set; }
    public int Refused { get; private set; }
    public int NotFound { get; private set; }
    public int Clarifications { get; private set; }
    public int Unanswered { get; private set; }

    public void Add(in RequestFact f)
    {
        Requests++;
        Clarifications += f.Clarifications;
        if (f.UnansweredAt is not null) Unanswered++;
        if (f.AcknowledgedAt is { } acknowledgedAt)
        {
            Acknowledged++;
            if (acknowledgedAt <= f.AcknowledgeBy) AcknowledgedInTime++;
            // Asking a question acknowledges, so no pause can come before the acknowledgement.
            _acknowledge.Add(Seconds(acknowledgedAt - f.IssuedAt));
        }
        switch (f.Outcome)
        {
            case Outcome.Removed or Outcome.GeoBlocked when f.ActedAt is { } actedAt:
                Acted++;
                if (actedAt <= f.ActBy) ActedInTime++;
                _act.Add(Seconds(actedAt - f.IssuedAt - TimeSpan.FromMilliseconds(f.PausedMs)));
                break;
            case Outcome.Refused:
                Refused++;
                break;
            case Outcome.NotFound:
                NotFound++;
                break;
        }
    }

    public void AddReason(string reason) => _reasons[reason] = _reasons.GetValueOrDefault(reason) + 1;

    public void Merge(Tally other)
    {
        Requests += other.Requests; Acknowledged += other.Acknowledged; AcknowledgedInTime += other.AcknowledgedInTime;
        Acted += other.Acted; ActedInTime += other.ActedInTime; Refused += other.Refused; NotFound += other.NotFound;
        Clarifications += other.Clarifications; Unanswered += other.Unanswered;
        _acknowledge.AddRange(other._acknowledge);
        _act.AddRange(other._act);
        foreach (var (reason, count) in other._reasons) _reasons[reason] = _reasons.GetValueOrDefault(reason) + count;
    }

    /// <summary>A day's rollup row for this tally.</summary>
    public DayRow ToDay(string platformId, string category, string legalBasis, long day) => new()
    {
        PlatformId = platformId, Category = category, LegalBasis = legalBasis, Day = day, Requests = Requests,
        Acknowledged = Acknowledged, AcknowledgedInTime = AcknowledgedInTime, Acted = Acted, ActedInTime = ActedInTime,
        Refused = Refused, NotFound = NotFound, Clarifications = Clarifications, Unanswered = Unanswered,
        AcknowledgeSeconds = MemoryMarshal.AsBytes(CollectionsMarshal.AsSpan(_acknowledge)).ToArray(),
        ActSeconds = MemoryMarshal.AsBytes(CollectionsMarshal.AsSpan(_act)).ToArray(),
    };

    public static Tally FromDay(DayRow day)
    {
        var tally = new Tally
        {
            Requests = day.Requests, Acknowledged = day.Acknowledged, AcknowledgedInTime = day.AcknowledgedInTime, Acted = day.Acted,
            ActedInTime = day.ActedInTime, Refused = day.Refused, NotFound = day.NotFound, Clarifications = day.Clarifications,
            Unanswered = day.Unanswered,
        };
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
        figures.RefusedReasons = new SortedDictionary<string, int>(_reasons, StringComparer.Ordinal);
        figures.NotFound = NotFound;
        figures.Clarifications = Clarifications;
        figures.Unanswered = Unanswered;
        figures.UnansweredRate = Requests == 0 ? 0 : Math.Round((double)Unanswered / Requests, 4);
        figures.MedianAcknowledgeSeconds = NearestRank(_acknowledge, 0.5);
        figures.P90AcknowledgeSeconds = NearestRank(_acknowledge, 0.9);
        figures.MedianActSeconds = NearestRank(_act, 0.5);
        figures.P90ActSeconds = NearestRank(_act, 0.9);
        return figures;
    }

    /// <summary>The value at rank ⌈p·n⌉ of the sorted values (nearest rank); null for none.</summary>
    public static long? NearestRank(List<int> sorted, double p) =>
        sorted.Count == 0 ? null : sorted[Math.Max(1, (int)Math.Ceiling(p * sorted.Count)) - 1];

    private static int Seconds(TimeSpan duration) => (int)Math.Floor(Math.Max(0, duration.TotalSeconds));
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
    public int NotFound { get; set; }
    public int Clarifications { get; set; }
    public int Unanswered { get; set; }
    public byte[] AcknowledgeSeconds { get; set; } = [];
    public byte[] ActSeconds { get; set; } = [];
}
