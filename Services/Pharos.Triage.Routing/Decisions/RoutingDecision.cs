using Pharos.Triage.Contracts;
using Pharos.Triage.Infrastructure.Deadlines;
using Pharos.Triage.Routing.Catalogue;
using Pharos.Triage.Routing.Normalisation;

namespace Pharos.Triage.Routing.Decisions;

/// <summary>
/// Where a filed report goes: a pure function of the report, the catalogue, the deadline policies and
/// the open request already carrying its URL, if any.
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

    /// <summary>The URL already has an open request: link to it, ask nobody twice.</summary>
    public sealed record Duplicate(string NormalizedUrl, OpenRequest Open) : RoutingDecision(NormalizedUrl);

    /// <summary>No platform takes it.</summary>
    public sealed record Forward(string NormalizedUrl, string To, string Reason) : RoutingDecision(NormalizedUrl);

    public static RoutingDecision Decide(
        ReportFiled report,
        PlatformCatalogue catalogue,
        DeadlinePolicies policies,
        OpenRequest? openRequest,
        DateTimeOffset now)
    {
        if (!UrlNormalizer.TryNormalize(report.Url, out var normalized, out var host))
            return new Forward(report.Url, ForwardedTo.InternationalCooperation, "unparsable_url");
        if (report.Category == Category.Fraud)
            return new Forward(normalized, ForwardedTo.FraudService, "fraud");
        if (catalogue.Resolve(host) is not { } platform)
            return new Forward(normalized, ForwardedTo.InternationalCooperation, "host_not_in_catalogue");
        if (openRequest is { } open)
            return new Duplicate(normalized, open);

        var policy = policies.For(report.Category, platform.Id)
            ?? throw new InvalidOperationException($"No deadline policy for category {report.Category}.");
        return new Issue(normalized, platform, policy, IssueDeadlines.For(policy, now));
    }
}

/// <summary>The open request that already carries a URL, and the report it was issued for.</summary>
public sealed record OpenRequest(string RequestId, string ReportId);
