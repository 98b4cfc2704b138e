using Pharos.Triage.Infrastructure.Deadlines;

namespace Pharos.Triage.Routing.Decisions;

/// <summary>
/// Every time a request is held to, decided at issue from the policy in force then (DOMAIN.md). Pure.
/// The reminder comes when half the window of the earliest pending deadline has passed: while the
/// request is unacknowledged that is the earlier of acknowledge-by and act-by (so a DSA notice, 24 h
/// to acknowledge, is reminded at 12 h); once acknowledged it is act-by (a DSA notice acknowledged
/// before 12 h is reminded at 36 h). A request is reminded once: whichever comes first fires.
/// </summary>
public static class IssueDeadlines
{
    public static RequestDeadlines For(DeadlinePolicy policy, DateTimeOffset issuedAt)
    {
        var acknowledgeBy = issuedAt + policy.AcknowledgeWithin;
        var actBy = issuedAt + policy.ActWithin;
        var earliestWindow = policy.AcknowledgeWithin < policy.ActWithin ? policy.AcknowledgeWithin : policy.ActWithin;
        return new RequestDeadlines(
            AcknowledgeBy: acknowledgeBy,
            ActBy: actBy,
            UnansweredAt: actBy + policy.UnansweredAfter,
            AcknowledgeReminderAt: issuedAt + earliestWindow / 2,
            ActReminderAt: issuedAt + policy.ActWithin / 2);
    }
}
