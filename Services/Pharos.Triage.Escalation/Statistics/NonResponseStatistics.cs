namespace Pharos.Triage.Escalation.Statistics;

/// <summary>
/// The non-response figures of a period, exactly: medians and 90th percentiles by nearest rank over
/// every request's own duration, in whole seconds, with the time a clock was paused for a clarification
/// left out. Fed with requests one at a time, or with whole days already rolled up. Nothing a person wrote
/// reaches it: refusals are counted by ground, never quoted.
/// </summary>
public sealed class NonResponseStatistics
{
    private readonly Dictionary<(string Platform, string Category, string LegalBasis), Tally> _groups = [];

    public IEnumerable<((string Platform, string Category, string LegalBasis) Group, Tally Tally)> Groups =>
        _groups.Select(g => (g.Key, g.Value));

    public void Add(in RequestFact fact) => TallyOf(fact.PlatformId, fact.Category, fact.LegalBasis).Add(fact);

    public void Add(DayRow day) => TallyOf(day.PlatformId, day.Category, day.LegalBasis).Merge(Tally.FromDay(day));

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

    private Tally TallyOf(string platform, string category, string legalBasis)
    {
        if (!_groups.TryGetValue((platform, category, legalBasis), out var tally)) _groups[(platform, category, legalBasis)] = tally = new Tally();
        return tally;
    }
}
