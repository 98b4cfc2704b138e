using Pharos.Triage.Contracts;
using Pharos.Triage.Infrastructure.Deadlines;
using Pharos.Triage.Routing.Catalogue;
using Pharos.Triage.Routing.Normalisation;

namespace Pharos.Triage.Routing.Decisions;

/// <summary>
/// Where a filed report goes: a pure function of the report, its URL normalised, the catalogue, the
/// deadline policies and the open request already carrying that URL, if any.
/// </summary>
public abstract record RoutingDecision(string NormalizedUrl)
{
    /// <summary>Ask the platform: a new request with every time it is held to, decided now.</summary>
    public sealed record Issue(string NormalizedUrl, Platform Platform, DeadlinePolicy Policy, RequestDeadlines Deadlines)
        : RoutingDecision(NormalizedUrl)
    {
        public DateTimeOffset AcknowledgeBy => Deadlines.AcknowledgeBy;
        public DateTimeOffset ActBy => Deadlines.ActBy;
    }

    /// <summary>
    /// The URL has an open request under a laxer legal basis than this report warrants: ask again under
    /// the stricter basis, with its deadlines, and close the open request as superseded (DOMAIN.md).
    /// </summary>
    public sealed record Supersede(string NormalizedUrl, Platform Platform, DeadlinePolicy Policy, RequestDeadlines Deadlines, OpenRequest Replaced)
        : RoutingDecision(NormalizedUrl);

    /// <summary>The URL already has an open request as strict as this report warrants: link to it, ask nobody twice.</summary>
    public sealed record Duplicate(string NormalizedUrl, OpenRequest Open) : RoutingDecision(NormalizedUrl);

    /// <summary>No platform takes it.</summary>
    public sealed record Forward(string NormalizedUrl, string To, string Reason) : RoutingDecision(NormalizedUrl);

    /// <param name="url">The report's URL normalised (<see cref="NormalizedUrl.Of"/>), once for the lookup of the open request and this decision; null when it cannot be.</param>
    public static RoutingDecision Decide(
        ReportFiled report,
        NormalizedUrl? url,
        PlatformCatalogue catalogue,
        DeadlinePolicies policies,
        OpenRequest? openRequest,
        DateTimeOffset now)
    {
        if (url is null)
            return new Forward(report.Url, ForwardedTo.InternationalCooperation, "unparsable_url");
        var (normalized, host) = url;
        if (report.Category == Category.Fraud)
            return new Forward(normalized, ForwardedTo.FraudService, "fraud");
        if (catalogue.Resolve(host) is not { } platform)
            return new Forward(normalized, ForwardedTo.InternationalCooperation, "host_not_in_catalogue");

        var policy = policies.For(report.Category, platform.Id)
            ?? throw new InvalidOperationException($"No deadline policy for category {report.Category}.");
        if (openRequest is { } open)
        {
            // The platform is always asked under the strictest basis any open report warrants.
            return IsStricter(policy.LegalBasis, open.LegalBasis)
                ? new Supersede(normalized, platform, policy, IssueDeadlines.For(policy, now), open)
                : new Duplicate(normalized, open);
        }
        return new Issue(normalized, platform, policy, IssueDeadlines.For(policy, now));
    }

    /// <summary>
    /// Whether <paramref name="basis"/> is strictly stricter than <paramref name="than"/>. An open request
    /// whose basis is not known (none is) is taken as strict as any: a duplicate, as before.
    /// </summary>
    public static bool IsStricter(string basis, string? than)
    {
        var rank = Strictness(basis);
        var thanRank = than is null ? -1 : Strictness(than);
        return rank < thanRank;
    }

    private static int Strictness(string basis)
    {
        for (var rank = 0; rank < LegalBasis.ByStrictness.Count; rank++)
            if (LegalBasis.ByStrictness[rank] == basis) return rank;
        throw new InvalidOperationException($"Unknown legal basis {basis}.");
    }
}

/// <summary>The open request that already carries a URL: the report it was issued for, its platform and its legal basis.</summary>
public sealed record OpenRequest(string RequestId, string ReportId, string PlatformId, string? LegalBasis);
