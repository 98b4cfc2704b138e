namespace Pharos.Triage.Contracts;

// The API values of DOMAIN.md. Plain strings travel unchanged through JSON, SQL and messages.

public static class Category
{
    public const string Terrorism = "terrorism";
    public const string ChildSexualAbuse = "child_sexual_abuse";
    public const string IllicitTrade = "illicit_trade";
    public const string HateSpeech = "hate_speech";
    public const string ThreatsViolence = "threats_violence";
    public const string Fraud = "fraud";
    public const string Other = "other";

    public static readonly IReadOnlyList<string> All =
        [Terrorism, ChildSexualAbuse, IllicitTrade, HateSpeech, ThreatsViolence, Fraud, Other];
}

public static class LegalBasis
{
    public const string TcoRemovalOrder = "tco_removal_order";
    public const string Lcen61 = "lcen_6_1";
    public const string DsaNotice = "dsa_notice";

    /// <summary>Strictest first (DOMAIN.md): a platform is always asked under the strictest basis any open report warrants.</summary>
    public static readonly IReadOnlyList<string> ByStrictness = [TcoRemovalOrder, Lcen61, DsaNotice];
}

public static class ReportStatus
{
    public const string Received = "received";
    public const string Routed = "routed";
    public const string Duplicate = "duplicate";
    public const string Forwarded = "forwarded";

    public static readonly IReadOnlyList<string> All = [Received, Routed, Duplicate, Forwarded];
}

public static class RequestStatus
{
    public const string Pending = "pending";
    public const string Acknowledged = "acknowledged";
    public const string ClarificationRequested = "clarification_requested";
    public const string Closed = "closed";

    public static readonly IReadOnlyList<string> All = [Pending, Acknowledged, ClarificationRequested, Closed];
}

public static class Outcome
{
    public const string Removed = "removed";
    public const string GeoBlocked = "geo_blocked";
    public const string Refused = "refused";
    public const string NotFound = "not_found";
    public const string ClarificationRequested = "clarification_requested";

    /// <summary>The outcomes a platform may report.</summary>
    public static readonly IReadOnlyList<string> All = [Removed, GeoBlocked, Refused, NotFound, ClarificationRequested];

    /// <summary>Closed by the system, never sent by a platform: a stricter request replaced this one.</summary>
    public const string Superseded = "superseded";
}

/// <summary>Why a platform refused (TCO art. 3(7)-(8), DSA art. 9): what publications count, never the platform's own words.</summary>
public static class RefusalGround
{
    public const string NotIllegal = "not_illegal";
    public const string InsufficientInformation = "insufficient_information";
    public const string Impossible = "impossible";
    public const string OutsideJurisdiction = "outside_jurisdiction";
    public const string Other = "other";

    public static readonly IReadOnlyList<string> All = [NotIllegal, InsufficientInformation, Impossible, OutsideJurisdiction, Other];
}

public static class Sla
{
    public const string OnTime = "on_time";
    public const string Reminded = "reminded";
    public const string Overdue = "overdue";
    public const string Unanswered = "unanswered";
    public const string Met = "met";
    public const string Missed = "missed";

    public static readonly IReadOnlyList<string> All = [OnTime, Reminded, Overdue, Unanswered, Met, Missed];
}

public static class ForwardedTo
{
    /// <summary>Fraud is not sent to platforms: the fraud service takes it.</summary>
    public const string FraudService = "fraud_service";

    /// <summary>A host outside the platform catalogue: handled by hand through international cooperation.</summary>
    public const string InternationalCooperation = "international_cooperation";
}

public static class TimelineEvent
{
    public const string ReportReceived = "report_received";
    public const string ReportRouted = "report_routed";
    public const string DuplicateLinked = "duplicate_linked";
    public const string ReportForwarded = "report_forwarded";
    public const string RequestIssued = "request_issued";
    public const string RequestAcknowledged = "request_acknowledged";
    public const string ClarificationRequested = "clarification_requested";
    public const string ClarificationAnswered = "clarification_answered";
    public const string RequestClosed = "request_closed";
    public const string ReminderSent = "reminder_sent";
    public const string RequestOverdue = "request_overdue";
    public const string RequestEscalated = "request_escalated";
    public const string RequestUnanswered = "request_unanswered";
}

/// <summary>The deadlines a request is held to, as named in <see cref="RequestOverdue"/>.</summary>
public static class Deadline
{
    public const string AcknowledgeBy = "acknowledge_by";
    public const string ActBy = "act_by";
}
