using Pharos.Triage.Contracts;

namespace Pharos.Triage.Escalation.Deadlines;

/// <summary>The final deadline state of a closed request.</summary>
public static class DeadlineVerdict
{
    /// <summary>
    /// <c>met</c> when the system recorded the acknowledgement by acknowledge-by and the outcome by act-by
    /// (both already moved by any clarification pause); <c>missed</c> otherwise, whatever the outcome.
    /// Both times are the system's: a time the platform declares (<c>actedAt</c>) never decides.
    /// </summary>
    public static string Settle(DateTimeOffset acknowledgedAt, DateTimeOffset acknowledgeBy, DateTimeOffset closedAt, DateTimeOffset actBy) =>
        acknowledgedAt <= acknowledgeBy && closedAt <= actBy ? Sla.Met : Sla.Missed;
}
