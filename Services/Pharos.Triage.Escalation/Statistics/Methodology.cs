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
        "times to act leave the pauses out. " +
        "What the system saw decides: an answer is timed by when the system recorded it (the platform's API call), never " +
        "by a time the platform declares; the acted-at time a platform gives is kept on the request's record but counts " +
        "for nothing here. Acknowledged in time: acknowledgement recorded no later than acknowledge-by. " +
        "Acted: removed or geo-blocked; acted in time: the outcome recorded no later than act-by. An answer recorded in " +
        "time is in time even if it reached the deadline service after a deadline passed. " +
        "Unanswered (lettre morte): no outcome recorded by the time the grace period after act-by had run out and the " +
        "request was found unanswered; a request that was unanswered stays counted as unanswered even if the platform " +
        "answered later. The delay of an unanswered request runs from act-by to when its answer was recorded, or to asOf. " +
        "Superseded: a request the system closed because a stricter legal basis called for a new request for the same " +
        "content; it counts in requests and in superseded only, never as answered (acknowledged, acted, refused, not " +
        "found) nor as unanswered, and the unanswered rate is unanswered / (requests - superseded). " +
        "Refusals are counted by the ground the platform chose (not_illegal, insufficient_information, impossible, " +
        "outside_jurisdiction, other); the platform's own words are never quoted. " +
        "Medians and 90th percentiles are exact, by nearest rank (the value at rank ceil(p·n) of the sorted durations), " +
        "in whole seconds. Requests still open at asOf count in requests and in any counter they already meet. " +
        "No URL, description, evidence, reporter, case reference or other free text written by an analyst or a " +
        "platform appears in a publication.";
}
