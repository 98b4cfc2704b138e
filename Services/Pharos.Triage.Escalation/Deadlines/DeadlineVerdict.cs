using Pharos.Triage.Contracts;

namespace Pharos.Triage.Escalation.Deadlines;

/// <summary>The final deadline state of a closed request.</summary>
public static class DeadlineVerdict
{
    /// <summary>
    /// <c>met</c> when the platform acknowledged by acknowledge-by and acted by act-by (both already
    /// moved by any clarification pause); <c>missed</c> otherwise, whatever the outcome.
    /// </summary>
    public static string Settle(DateTimeOffset acknowledgedAt, DateTimeOffset acknowledgeBy, DateTimeOffset actedAt, DateTimeOffset actBy) =>
        acknowledgedAt <= acknowledgeBy && actedAt <= actBy ? Sla.Met : Sla.Missed;
}
