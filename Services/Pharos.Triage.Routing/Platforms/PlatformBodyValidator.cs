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

    public PlatformBodyValidator()
    {
        RuleFor(p => p.Id).Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage("id is required.")
            .Must(id => id!.Length is >= MinIdLength and <= MaxIdLength && IdPattern().IsMatch(id))
            .WithMessage($"id must be {MinIdLength} to {MaxIdLength} characters of a-z, 0-9 and - (rumble, daily-motion).");
        RuleFor(p => p.Name).Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage("name is required.")
            .MaximumLength(MaxNameLength).WithMessage($"name must be at most {MaxNameLength} characters.")
            .Must(FreeText.IsOneLine).WithMessage("name must be one line without control characters.");

        RuleFor(p => p.Domains).Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage("domains must hold at least one host name.")
            .Must(d => d!.Count <= MaxDomains).WithMessage($"domains must hold at most {MaxDomains} host names.")
            .Must(d => Repeated(d!, HostNames.Normalise) is null)
            .WithMessage(p => $"domains must not repeat a host name ({Repeated(p.Domains!, HostNames.Normalise)}).");
        RuleForEach(p => p.Domains).Custom((domain, context) =>
        {
            if (HostNames.Problem(domain) is { } problem) context.AddFailure(problem);
        });

        // Each problem names its own field (contact.email); none stops the others being found.
        RuleFor(p => p.Contact).Custom((contact, context) =>
        {
            foreach (var (field, message) in ContactRules.Problems(contact, "contact", required: true)) context.AddFailure(field, message);
        });
        RuleFor(p => p.EscalationContact).Custom((contact, context) =>
        {
            foreach (var (field, message) in ContactRules.Problems(contact, "escalationContact", required: false)) context.AddFailure(field, message);
        });

        RuleFor(p => p.Languages)
            .Must(l => l is null || l.Count <= MaxLanguages).WithMessage($"languages must hold at most {MaxLanguages} codes.")
            .Must(l => l is null || Repeated(l, c => c) is null)
            .WithMessage(p => $"languages must not repeat a code ({Repeated(p.Languages!, c => c)}).");
        RuleForEach(p => p.Languages)
            .Must(code => code is not null && LanguageCode().IsMatch(code))
            .WithMessage((_, code) => $"{code ?? "null"} is not a language code: two lower-case letters (fr, en).");
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
