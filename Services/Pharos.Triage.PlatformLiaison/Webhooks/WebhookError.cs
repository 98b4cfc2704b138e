using Pharos.Triage.Infrastructure.Api;

namespace Pharos.Triage.PlatformLiaison.Webhooks;

/// <summary>
/// How a failed attempt or dispatch is recorded (<c>webhook_attempts.error</c>, <c>webhook_deliveries.last_error</c>: 2000
/// characters on both providers). An exception's message can quote what the receiver sent (an invalid status or header
/// line, up to the 64 KB of headers the client reads), so it is cut to fit: a longer error would make the record fail,
/// and the delivery would be neither recorded nor rescheduled.
/// </summary>
public static class WebhookError
{
    /// <summary>The size of both error columns.</summary>
    public const int MaxLength = 2000;

    /// <summary>Ends an error that was cut.</summary>
    public const string Marker = FreeText.CutMarker;

    /// <summary>The exception's type and message, in at most <see cref="MaxLength"/> UTF-16 units.</summary>
    public static string Of(Exception ex) => FreeText.Cut($"{ex.GetType().Name}: {ex.Message}", MaxLength);
}
