using Pharos.Triage.Infrastructure.Runtime;
using System.Net;
using System.Net.Sockets;
using FluentValidation;
using Pharos.Triage.Contracts;
using Pharos.Triage.Infrastructure.Api;
using Pharos.Triage.Intake.Api;

namespace Pharos.Triage.Intake.Validation;

/// <summary>The rules of API.md for a filed report.</summary>
public sealed class FileReportValidator : AbstractValidator<FileReport>
{
    // Analysts' workstations drift; a minute of tolerance keeps "not in the future" from refusing honest input.
    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(1);

    /// <summary>The url and normalized_url columns of every service (NVARCHAR(2048)).</summary>
    public const int MaxUrlLength = 2048;

    public FileReportValidator(TimeProvider clock)
    {
        RuleFor(r => r.Url).Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage("url is required.")
            .MaximumLength(MaxUrlLength).WithMessage($"url must be at most {MaxUrlLength} characters.")
            .Must(FreeText.HasNoWhitespaceOrControl).WithMessage("url must not contain whitespace or control characters.")
            .Must(BeHttpUrl).WithMessage("url must be an absolute http or https URL.")
            .Must(NotBePrivateAddress).WithMessage("url must not point to a private, loopback or link-local address.")
            .Must(FitsOnceEncoded).WithMessage($"url must be at most {MaxUrlLength} characters once percent-encoded, as it is stored.");
        RuleFor(r => r.Category).Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage("category is required.")
            .Must(c => Category.All.Contains(c!)).WithMessage($"category must be one of: {string.Join(", ", Category.All)}.");
        RuleFor(r => r.Description).Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage("description is required.")
            .MaximumLength(4000).WithMessage("description must be at most 4000 characters.")
            .Must(FreeText.IsMultiLine).WithMessage("description must not contain control characters other than tab, carriage return and line feed.");
        RuleFor(r => r.ObservedAt)
            .Must(at => at is null || at <= clock.Now() + ClockSkew).WithMessage("observedAt must not be in the future.");
        RuleFor(r => r.EvidenceSha256)
            .Must(h => h is null || (h.Length == 64 && h.All(Uri.IsHexDigit))).WithMessage("evidenceSha256 must be 64 hexadecimal characters.");
        RuleFor(r => r.CaseReference).Cascade(CascadeMode.Stop)
            .MaximumLength(100).WithMessage("caseReference must be at most 100 characters.")
            .Must(FreeText.IsOneLine).WithMessage("caseReference must be one line without control characters.");
    }

    private static bool BeHttpUrl(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
        && uri.Host.Length > 0;

    /// <summary>
    /// Routing stores the normalised URL, percent-encoded: a character typed as one can become nine (€ is %E2%82%AC),
    /// and an international host its punycode. Normalisation (Routing's UrlNormalizer) only lower-cases, drops the
    /// fragment, the default port and tracking parameters from this form, so its length bounds the normalised one. A
    /// URL longer than its column is refused here rather than at Routing, where it could only fail.
    /// </summary>
    private static bool FitsOnceEncoded(string? url)
    {
        var uri = new Uri(url!);
        var length = uri.Scheme.Length + "://".Length + uri.IdnHost.Length + (uri.IsDefaultPort ? 0 : 1 + uri.Port.ToString(System.Globalization.CultureInfo.InvariantCulture).Length)
                     + Math.Max(uri.AbsolutePath.Length, 1) + uri.Query.Length;
        return length <= MaxUrlLength;
    }

    private static bool NotBePrivateAddress(string? url)
    {
        var host = new Uri(url!).Host.Trim('[', ']');
        if (!IPAddress.TryParse(host, out var address)) return true;
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any)) return false;
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
            return !(address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6UniqueLocal);
        var b = address.GetAddressBytes();
        return !(b[0] == 10
                 || (b[0] == 172 && b[1] >= 16 && b[1] <= 31)
                 || (b[0] == 192 && b[1] == 168)
                 || (b[0] == 169 && b[1] == 254)
                 || (b[0] == 100 && b[1] >= 64 && b[1] <= 127)
                 || b[0] == 0);
    }
}

public sealed class AnswerClarificationValidator : AbstractValidator<AnswerClarification>
{
    public AnswerClarificationValidator()
    {
        RuleFor(a => a.Answer).Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage("answer is required.")
            .MaximumLength(4000).WithMessage("answer must be at most 4000 characters.")
            .Must(FreeText.IsMultiLine).WithMessage("answer must not contain control characters other than tab, carriage return and line feed.");
    }
}
