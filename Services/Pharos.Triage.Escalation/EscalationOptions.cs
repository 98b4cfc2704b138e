namespace Pharos.Triage.Escalation;

/// <summary>How often the deadline sweep and the statistics' rollups run: <c>Pharos:Escalation</c>.</summary>
public sealed class EscalationOptions
{
    public const string Section = "Pharos:Escalation";

    /// <summary>How often deadlines are checked.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How many clocks one transaction advances.</summary>
    public int SweepBatch { get; set; } = 500;

    /// <summary>How often the statistics' day rollups are brought up to date in the background.</summary>
    public TimeSpan StatisticsRefreshInterval { get; set; } = TimeSpan.FromMinutes(1);
}
