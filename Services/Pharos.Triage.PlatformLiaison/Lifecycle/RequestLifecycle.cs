using static Pharos.Triage.Contracts.RequestStatus;

namespace Pharos.Triage.PlatformLiaison.Lifecycle;

/// <summary>What can happen to a request.</summary>
public enum RequestTrigger
{
    /// <summary>The platform acknowledges.</summary>
    Acknowledge,

    /// <summary>The platform reports a final outcome (removed, geo-blocked, refused, not found).</summary>
    Close,

    /// <summary>The platform asks the analyst a question.</summary>
    AskClarification,

    /// <summary>The analyst's answer arrives.</summary>
    AnswerClarification,

    /// <summary>Routing issued a stricter request for the same content: the system closes this one (outcome superseded).</summary>
    Supersede,
}

/// <summary>
/// The request's lifecycle, as one table. A pair (status, trigger) that is not in the table is refused
/// and changes nothing (the API answers 409).
/// </summary>
public static class RequestLifecycle
{
    public static readonly IReadOnlyDictionary<(string From, RequestTrigger Trigger), string> Transitions =
        new Dictionary<(string, RequestTrigger), string>
        {
            [(Pending, RequestTrigger.Acknowledge)] = Acknowledged,
            // Acknowledging again changes nothing and answers the same acknowledgement.
            [(Acknowledged, RequestTrigger.Acknowledge)] = Acknowledged,
            // A question or an outcome already acknowledged the request.
            [(ClarificationRequested, RequestTrigger.Acknowledge)] = ClarificationRequested,
            [(Closed, RequestTrigger.Acknowledge)] = Closed,

            [(Pending, RequestTrigger.Close)] = Closed,
            [(Acknowledged, RequestTrigger.Close)] = Closed,
            // A platform may decide without waiting for the answer to its question.
            [(ClarificationRequested, RequestTrigger.Close)] = Closed,

            [(Pending, RequestTrigger.AskClarification)] = ClarificationRequested,
            [(Acknowledged, RequestTrigger.AskClarification)] = ClarificationRequested,

            // Asking acknowledged the request, so the answer brings it back to acknowledged.
            [(ClarificationRequested, RequestTrigger.AnswerClarification)] = Acknowledged,

            // Whatever the platform was doing, a stricter request replaces this one; a closed request stays as it closed.
            [(Pending, RequestTrigger.Supersede)] = Closed,
            [(Acknowledged, RequestTrigger.Supersede)] = Closed,
            [(ClarificationRequested, RequestTrigger.Supersede)] = Closed,
        };

    public static bool TryApply(string from, RequestTrigger trigger, out string to) =>
        Transitions.TryGetValue((from, trigger), out to!);
}
