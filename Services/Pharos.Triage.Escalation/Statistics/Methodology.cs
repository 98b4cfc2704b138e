namespace Pharos.Triage.Escalation.Statistics;

public static class Methodology
{
    public const string Text =
        "Scope: the removal requests issued in the period [from, to), by issue time, as they stood at asOf. " +
        "A request is counted once, however many reports of the same content (same URL once normalised) it serves: " +
        "later reports of content whose request is open are linked to it and never create a second request. " +
        "Reports not sent to a platform (fraud, hosts outside the platform catalogue) are not counted. " +
        "Clocks start when the request is issued. A question from the platform (clarification_requested) acknowledges " +
        "the request and pauses its clock until the analyst answers; the deadlines then move by the paused time, and " +
        "times to act leave the pauses out. Acknowledged in time: acknowledged no later than acknowledge-by. " +
        "Acted: removed or geo-blocked; acted in time: acted no later than act-by. " +
        "Unanswered (lettre morte): no outcome by the end of a grace period after act-by; a request that was unanswered " +
        "stays counted as unanswered even if the platform answered later. The unanswered rate is unanswered / requests. " +
        "Medians and 90th percentiles are exact, by nearest rank (the value at rank ceil(p·n) of the sorted durations), " +
        "in whole seconds. Requests still open at asOf count in requests and in any counter they already meet. " +
        "Refusal reasons are the platforms' own words, with links removed. No URL, description, evidence or reporter " +
        "appears in a publication.";
}
