using FluentValidation;
using Pharos.Triage.Contracts;
using Pharos.Triage.Infrastructure.Api;
using Pharos.Triage.Infrastructure.Runtime;
using Pharos.Triage.PlatformLiaison.Api;

namespace Pharos.Triage.PlatformLiaison.Validation;

public sealed class OutcomeReportValidator : AbstractValidator<OutcomeReport>
{
    public OutcomeReportValidator(TimeProvider clock)
    {
        RuleFor(o => o.Outcome).Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage("outcome is required.")
            .Must(o => Outcome.All.Contains(o!)).WithMessage($"outcome must be one of: {string.Join(", ", Outcome.All)}.");
        RuleFor(o => o.Reason)
            .NotEmpty().When(o => o.Outcome is Outcome.Refused or Outcome.ClarificationRequested)
            .WithMessage("reason is required when the outcome is refused or clarification_requested.");
        // Publications count refusals by ground, never by the platform's words (API.md).
        RuleFor(o => o.RefusalGround).Cascade(CascadeMode.Stop)
            .NotEmpty().When(o => o.Outcome == Outcome.Refused)
            .WithMessage($"refusalGround is required when the outcome is refused: one of {string.Join(", ", RefusalGround.All)}.")
            .Must(g => g is null || RefusalGround.All.Contains(g)).When(o => o.Outcome == Outcome.Refused)
            .WithMessage($"refusalGround must be one of: {string.Join(", ", RefusalGround.All)}.");
        // A ground with another outcome says something the outcome does not: refused rather than kept or dropped.
        RuleFor(o => o.RefusalGround)
            .Null().When(o => o.Outcome != Outcome.Refused)
            .WithMessage("refusalGround goes only with the outcome refused.");
        RuleFor(o => o.Reason).Cascade(CascadeMode.Stop)
            .MaximumLength(4000).WithMessage("reason must be at most 4000 characters.")
            .Must(FreeText.IsMultiLine).WithMessage("reason must not contain control characters other than tab, carriage return and line feed.");
        RuleFor(o => o.PlatformTicket).Cascade(CascadeMode.Stop)
            .MaximumLength(200).WithMessage("platformTicket must be at most 200 characters.")
            .Must(FreeText.HasNoControl).WithMessage("platformTicket must not contain control characters.");
        RuleFor(o => o.ActedAt)
            .Must(at => at is null || at <= clock.Now()).WithMessage("actedAt must not be in the future.");
    }
}
