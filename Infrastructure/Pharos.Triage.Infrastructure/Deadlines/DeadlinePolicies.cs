using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Pharos.Triage.Contracts;

namespace Pharos.Triage.Infrastructure.Deadlines;

/// <summary>The deadlines one request is held to.</summary>
public sealed record DeadlinePolicy(string LegalBasis, TimeSpan AcknowledgeWithin, TimeSpan ActWithin, TimeSpan UnansweredAfter);

/// <summary>
/// Deadline policies per category, with per-platform overrides, from <c>Pharos:Sla</c>. The defaults
/// follow DOMAIN.md: the law where a law sets a deadline (TCO: 1 h; LCEN 6-1: 24 h), policy otherwise.
/// </summary>
public sealed class DeadlinePolicies
{
    public const string Section = "Pharos:Sla";

    private static readonly Dictionary<string, DeadlinePolicy> Defaults = new(StringComparer.Ordinal)
    {
        [Category.Terrorism] = new(LegalBasis.TcoRemovalOrder, TimeSpan.FromHours(1), TimeSpan.FromHours(1), TimeSpan.FromHours(1)),
        [Category.ChildSexualAbuse] = new(LegalBasis.Lcen61, TimeSpan.FromHours(24), TimeSpan.FromHours(24), TimeSpan.FromHours(24)),
        [Category.IllicitTrade] = new(LegalBasis.Lcen61, TimeSpan.FromHours(24), TimeSpan.FromHours(24), TimeSpan.FromHours(24)),
        [Category.HateSpeech] = new(LegalBasis.DsaNotice, TimeSpan.FromHours(24), TimeSpan.FromHours(72), TimeSpan.FromHours(72)),
        [Category.ThreatsViolence] = new(LegalBasis.DsaNotice, TimeSpan.FromHours(24), TimeSpan.FromHours(72), TimeSpan.FromHours(72)),
        [Category.Other] = new(LegalBasis.DsaNotice, TimeSpan.FromHours(24), TimeSpan.FromHours(72), TimeSpan.FromHours(72)),
    };

    private readonly Dictionary<string, DeadlinePolicy> _byCategory;
    private readonly Dictionary<(string Platform, string Category), DeadlinePolicy> _byPlatform;

    public DeadlinePolicies(IConfiguration configuration)
    {
        // Configuration keys are case-insensitive in .NET; the API values they name are lower case.
        var section = configuration.GetSection(Section);
        foreach (var child in section.GetChildren())
            if (!child.Key.Equals("Platforms", StringComparison.OrdinalIgnoreCase) && !Defaults.ContainsKey(child.Key.ToLowerInvariant()))
                throw NotACategory($"{Section}:{child.Key}", child.Key);

        _byCategory = Defaults.ToDictionary(d => d.Key, d => Read(section.GetSection(d.Key), d.Value, d.Key));
        _byPlatform = [];
        foreach (var platform in section.GetSection("Platforms").GetChildren())
        foreach (var category in platform.GetChildren())
        {
            var categoryKey = category.Key.ToLowerInvariant();
            if (!_byCategory.TryGetValue(categoryKey, out var basis))
                throw NotACategory($"{Section}:Platforms:{platform.Key}:{category.Key}", category.Key);
            _byPlatform[(platform.Key.ToLowerInvariant(), categoryKey)] = Read(category, basis, $"Platforms:{platform.Key}:{category.Key}");
        }
    }

    private static InvalidOperationException NotACategory(string path, string key) =>
        new($"{path}: '{key}' is not a category with deadlines (categories: {string.Join(", ", Defaults.Keys)}).");

    /// <summary>The policy for a category sent to a platform; null for a category never sent (fraud).</summary>
    public DeadlinePolicy? For(string category, string platformId) =>
        _byPlatform.TryGetValue((platformId, category), out var own) ? own
        : _byCategory.GetValueOrDefault(category);

    private static DeadlinePolicy Read(IConfigurationSection section, DeadlinePolicy fallback, string path)
    {
        var acknowledge = Window(section, "AcknowledgeWithin", fallback.AcknowledgeWithin, path);
        var act = Window(section, "ActWithin", fallback.ActWithin, path);
        // UnansweredAfter defaults to the act window (DOMAIN.md), also when only ActWithin is overridden.
        var unanswered = Window(section, "UnansweredAfter", section["ActWithin"] is null ? fallback.UnansweredAfter : act, path);
        return fallback with { AcknowledgeWithin = acknowledge, ActWithin = act, UnansweredAfter = unanswered };
    }

    private static TimeSpan Window(IConfigurationSection section, string key, TimeSpan fallback, string path)
    {
        var text = section[key];
        if (text is null) return fallback;
        if (!TimeSpan.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out var value) || value <= TimeSpan.Zero)
            throw new InvalidOperationException($"{Section}:{path}:{key} must be a positive TimeSpan such as 01:00:00 (got '{text}').");
        return value;
    }
}

public static class DeadlinePolicyRegistration
{
    /// <summary>
    /// Reads the deadline policies now, so that a window that is missing, zero or negative stops the
    /// start with a message naming its key instead of failing the first request that needs it.
    /// </summary>
    public static void AddDeadlinePolicies(this WebApplicationBuilder builder) =>
        builder.Services.TryAddSingleton(new DeadlinePolicies(builder.Configuration));
}
