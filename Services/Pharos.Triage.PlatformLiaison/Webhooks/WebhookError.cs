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
    public const string Marker = "…";

    /// <summary>The exception's type and message, in at most <see cref="MaxLength"/> UTF-16 units.</summary>
    public static string Of(Exception ex)
    {
        var error = $"{ex.GetType().Name}: {ex.Message}";
        if (error.Length <= MaxLength) return error;
        var keep = MaxLength - Marker.Length;
        if (char.IsHighSurrogate(error[keep - 1])) keep--; // never half a character
        return string.Concat(error.AsSpan(0, keep), Marker);
    }
}
