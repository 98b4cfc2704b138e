using static Pharos.Triage.Contracts.Sla;

namespace Pharos.Triage.Escalation.Deadlines;

/// <summary>What can happen to a request's deadline state.</summary>
public enum SlaEvent
{
    /// <summary>Half the window of the earliest pending deadline passed (acknowledge-by while unacknowledged, then act-by).</summary>
    ReminderDue,

    /// <summary>A deadline (acknowledge-by or act-by) passed without its answer.</summary>
    DeadlinePassed,

    /// <summary>The grace period after act-by passed with no outcome: "lettre morte".</summary>
    GraceExpired,

    /// <summary>The request closed with every answer recorded by its deadline.</summary>
    ClosedInTime,

    /// <summary>The request closed with an answer recorded after its deadline.</summary>
    ClosedLate,
}

/// <summary>
/// The deadline state (<c>sla</c>) as one table, independent of the request's status (DOMAIN.md).
/// A pair not in the table changes nothing. Closing is judged by when the answer was recorded: an answer
/// recorded in time is <c>met</c> even from <c>overdue</c> or <c>unanswered</c>, which a sweep working on an
/// older copy of the clock can have reached meanwhile; an answer recorded late is <c>missed</c>. An answer
/// after <c>unanswered</c> still closes the request, and the history stays.
/// </summary>
public static class SlaLifecycle
{
    public static readonly IReadOnlyDictionary<(string From, SlaEvent Event), string> Transitions =
        new Dictionary<(string, SlaEvent), string>
        {
            [(OnTime, SlaEvent.ReminderDue)] = Reminded,

            [(OnTime, SlaEvent.DeadlinePassed)] = Overdue,
            [(Reminded, SlaEvent.DeadlinePassed)] = Overdue,
            // Act-by passing after acknowledge-by did: still overdue, and escalated again.
            [(Overdue, SlaEvent.DeadlinePassed)] = Overdue,

            [(Overdue, SlaEvent.GraceExpired)] = Unanswered,

            [(OnTime, SlaEvent.ClosedInTime)] = Met,
            [(Reminded, SlaEvent.ClosedInTime)] = Met,
            [(Overdue, SlaEvent.ClosedInTime)] = Met,
            [(Unanswered, SlaEvent.ClosedInTime)] = Met,

            [(OnTime, SlaEvent.ClosedLate)] = Missed,
            [(Reminded, SlaEvent.ClosedLate)] = Missed,
            [(Overdue, SlaEvent.ClosedLate)] = Missed,
            [(Unanswered, SlaEvent.ClosedLate)] = Missed,
        };

    public static bool TryApply(string from, SlaEvent @event, out string to) =>
        Transitions.TryGetValue((from, @event), out to!);
}
