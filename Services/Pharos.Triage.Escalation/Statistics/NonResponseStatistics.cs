using System.Text.RegularExpressions;
using Pharos.Triage.Contracts;

namespace Pharos.Triage.Escalation.Statistics;

/// <summary>
/// Computes the non-response figures from the requests of a period, exactly: medians and 90th
/// percentiles by nearest rank over every request's own duration, in whole seconds, with the time a
/// clock was paused for a clarification left out. Requests are added one at a time, so a year of them
/// need not be held in memory, only their durations.
/// </summary>
public sealed partial class NonResponseStatistics
{
    private readonly Dictionary<(string Platform, string Category, string LegalBasis), Tally> _groups = [];

    public void Add(in RequestFact fact)
    {
        var key = (fact.PlatformId, fact.Category, fact.LegalBasis);
        if (!_groups.TryGetValue(key, out var tally)) _groups[key] = tally = new Tally();
        tally.Add(fact);
    }

    public void AddRefusal(string platformId, string category, string legalBasis, string? reason)
    {
        if (_groups.TryGetValue((platformId, category, legalBasis), out var tally))
            tally.AddReason(Redact(reason));
    }

    public IReadOnlyList<PlatformFigures> Figures(IReadOnlyDictionary<string, string> platformNames) =>
        _groups.GroupBy(g => g.Key.Platform).OrderBy(g => g.Key, StringComparer.Ordinal).Select(platform =>
        {
            var all = new Tally();
            foreach (var group in platform) all.Merge(group.Value);
            return all.ToFigures(() => new PlatformFigures
            {
                PlatformId = platform.Key,
                Name = platformNames.GetValueOrDefault(platform.Key, platform.Key),
                ByCategory = platform.OrderBy(g => g.Key.Category, StringComparer.Ordinal).ThenBy(g => g.Key.LegalBasis, StringComparer.Ordinal)
                    .Select(g => g.Value.ToFigures(() => new CategoryFigures { Category = g.Key.Category, LegalBasis = g.Key.LegalBasis }))
                    .ToList(),
            });
        }).ToList();

    /// <summary>The value at rank ⌈p·n⌉ of the sorted values (nearest rank); null for none.</summary>
    public static long? NearestRank(List<long> sorted, double p) =>
        sorted.Count == 0 ? null : sorted[Math.Max(1, (int)Math.Ceiling(p * sorted.Count)) - 1];

    /// <summary>A platform's reason is published: whatever looks like a link is taken out of it.</summary>
    public static string Redact(string? reason) =>
        string.IsNullOrWhiteSpace(reason) ? "(no reason given)" : Link().Replace(reason.Trim(), "[link removed]");

    [GeneratedRegex(@"(?i)\b(?:[a-z][a-z0-9+.-]*://|www\.)\S+")]
    private static partial Regex Link();

    private sealed class Tally
    {
        private readonly List<long> _acknowledge = [];
        private readonly List<long> _act = [];
        private readonly SortedDictionary<string, int> _reasons = new(StringComparer.Ordinal);
        private int _requests, _acknowledged, _acknowledgedInTime, _acted, _actedInTime, _refused, _notFound, _clarifications, _unanswered;

        public void Add(in RequestFact f)
        {
            _requests++;
            _clarifications += f.Clarifications;
            if (f.UnansweredAt is not null) _unanswered++;
            if (f.AcknowledgedAt is { } acknowledgedAt)
            {
                _acknowledged++;
                if (acknowledgedAt <= f.AcknowledgeBy) _acknowledgedInTime++;
                // Asking a question acknowledges, so no pause can come before the acknowledgement.
                _acknowledge.Add(Seconds(acknowledgedAt - f.IssuedAt));
            }
            switch (f.Outcome)
            {
                case Outcome.Removed or Outcome.GeoBlocked when f.ActedAt is { } actedAt:
                    _acted++;
                    if (actedAt <= f.ActBy) _actedInTime++;
                    _act.Add(Seconds(actedAt - f.IssuedAt - TimeSpan.FromMilliseconds(f.PausedMs)));
                    break;
                case Outcome.Refused:
                    _refused++;
                    break;
                case Outcome.NotFound:
                    _notFound++;
                    break;
            }
        }

        public void AddReason(string reason) => _reasons[reason] = _reasons.GetValueOrDefault(reason) + 1;

        public void Merge(Tally other)
        {
            _requests += other._requests; _acknowledged += other._acknowledged; _acknowledgedInTime += other._acknowledgedInTime;
            _acted += other._acted; _actedInTime += other._actedInTime; _refused += other._refused; _notFound += other._notFound;
            _clarifications += other._clarifications; _unanswered += other._unanswered;
            _acknowledge.AddRange(other._acknowledge);
            _act.AddRange(other._act);
            foreach (var (reason, count) in other._reasons) _reasons[reason] = _reasons.GetValueOrDefault(reason) + count;
        }

        public T ToFigures<T>(Func<T> create) where T : Figures
        {
            _acknowledge.Sort();
            _act.Sort();
            var figures = create();
            figures.Requests = _requests;
            figures.Acknowledged = _acknowledged;
            figures.AcknowledgedInTime = _acknowledgedInTime;
            figures.Acted = _acted;
            figures.ActedInTime = _actedInTime;
            figures.Refused = _refused;
            figures.RefusedReasons = new SortedDictionary<string, int>(_reasons, StringComparer.Ordinal);
            figures.NotFound = _notFound;
            figures.Clarifications = _clarifications;
            figures.Unanswered = _unanswered;
            figures.UnansweredRate = _requests == 0 ? 0 : Math.Round((double)_unanswered / _requests, 4);
            figures.MedianAcknowledgeSeconds = NearestRank(_acknowledge, 0.5);
            figures.P90AcknowledgeSeconds = NearestRank(_acknowledge, 0.9);
            figures.MedianActSeconds = NearestRank(_act, 0.5);
            figures.P90ActSeconds = NearestRank(_act, 0.9);
            return figures;
        }

        private static long Seconds(TimeSpan duration) => (long)Math.Floor(Math.Max(0, duration.TotalSeconds));
    }
}
