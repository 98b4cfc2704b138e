using System.Text.RegularExpressions;
using FluentValidation;
using Pharos.Triage.Infrastructure.Api;

namespace Pharos.Triage.Routing.Platforms;

/// <summary>The rules of API.md ("Admin") for a platform's record, as created and as patched.</summary>
public sealed partial class PlatformBodyValidator : AbstractValidator<PlatformBody>
{
    public const int MinIdLength = 2;
    public const int MaxIdLength = 40;
    public const int MaxNameLength = 100;

    /// <summary>Enough for a platform's aliases and short links; the catalogue is no place for a registry's list.</summary>
    public const int MaxDomains = 100;

    /// <summary>Two-letter codes with commas between: 50 fill the languages column (150).</summary>
    public const int MaxLanguages = 50;

    /// <summary>
    /// Set (in the root context data) on a patch that leaves a platform without a contact as it was, a seeded one: its
    /// other fields may change while it stays flagged (<c>contactReachable: false</c>) until an admin gives it one.
    /// </summary>
    public const string ContactMayStayMissing = "contactMayStayMissing";

    /// <summary>
    /// Set on a patch: the id is the platform's own, fixed once created, and not checked again (the seeded <c>x</c> is
    /// shorter than a new id may be).
    /// </summary>
    public const string ExistingId = "existingId";

    public PlatformBodyValidator()
    {
        // Each rule names its field as the body does, whether or not the host's camel-case resolver is set (unit tests).
        RuleFor(p => p.Id).Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage("id is required.")
            .Must(id => id!.Length is >= MinIdLength and <= MaxIdLength && IdPattern().IsMatch(id))
            .WithMessage($"id must be {MinIdLength} to {MaxIdLength} characters of a-z, 0-9 and - (rumble, daily-motion).")
            .OverridePropertyName("id")
            .When((_, context) => !context.RootContextData.ContainsKey(ExistingId), ApplyConditionTo.AllValidators);
        RuleFor(p => p.Name).Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage("name is required.")
            .MaximumLength(MaxNameLength).WithMessage($"name must be at most {MaxNameLength} characters.")
            .Must(FreeText.IsOneLine).WithMessage("name must be one line without control characters.")
            .OverridePropertyName("name");

        RuleFor(p => p.Domains).Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage("domains must hold at least one host name.")
            .Must(d => d!.Count <= MaxDomains).WithMessage($"domains must hold at most {MaxDomains} host names.")
            .Must(d => Repeated(d!, HostNames.Normalise) is null)
            .WithMessage(p => $"domains must not repeat a host name ({Repeated(p.Domains!, HostNames.Normalise)}).")
            .OverridePropertyName("domains");
        RuleForEach(p => p.Domains)
            .Must(domain => HostNames.Problem(domain) is null).WithMessage((_, domain) => HostNames.Problem(domain)!)
            .OverridePropertyName("domains");

        // Each problem names its own field (contact.email); none stops the others being found.
        RuleFor(p => p.Contact).Custom((contact, context) =>
        {
            var required = !context.RootContextData.ContainsKey(ContactMayStayMissing);
            foreach (var (field, message) in ContactRules.Problems(contact, "contact", required)) context.AddFailure(field, message);
        });
        RuleFor(p => p.EscalationContact).Custom((contact, context) =>
        {
            foreach (var (field, message) in ContactRules.Problems(contact, "escalationContact", required: false)) context.AddFailure(field, message);
        });

        RuleFor(p => p.Languages)
            .Must(l => l is null || l.Count <= MaxLanguages).WithMessage($"languages must hold at most {MaxLanguages} codes.")
            .Must(l => l is null || Repeated(l, c => c) is null)
            .WithMessage(p => $"languages must not repeat a code ({Repeated(p.Languages!, c => c)}).")
            .OverridePropertyName("languages");
        RuleForEach(p => p.Languages)
            .Must(code => code is not null && LanguageCode().IsMatch(code))
            .WithMessage((_, code) => $"{code ?? "null"} is not a language code: two lower-case letters (fr, en).")
            .OverridePropertyName("languages");
    }

    /// <summary>The first value given twice, once each is made comparable; null when none is.</summary>
    private static string? Repeated(IEnumerable<string?> values, Func<string, string> comparable)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var value in values.OfType<string>())
            if (!seen.Add(comparable(value))) return comparable(value);
        return null;
    }

    [GeneratedRegex("^[a-z0-9-]+$")]
    private static partial Regex IdPattern();

    [GeneratedRegex("^[a-z]{2}$")]
    private static partial Regex LanguageCode();
}
