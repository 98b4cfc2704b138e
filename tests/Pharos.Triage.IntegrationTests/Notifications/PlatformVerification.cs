using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Time.Testing;
using StandardWebhooks;
using StandardWebhooks.Diagnostics;

namespace Pharos.Triage.IntegrationTests.Notifications;

/// <summary>
/// Verifies a notice as a platform does, with the Standard Webhooks library (not the project's code), so that
/// interoperability is shown, not assumed.
/// </summary>
public static class PlatformVerification
{
    /// <summary>Null when the library accepts the notice under <paramref name="secret"/>; else why it refused it.</summary>
    public static string? RefusalUnder(this ReceivedNotice notice, string secret, Func<string, string>? body = null, IReadOnlyDictionary<string, string>? headers = null)
    {
        var sent = new HeaderDictionary();
        foreach (var (name, value) in headers ?? notice.Headers) sent[name] = value;
        try
        {
            Verifier(secret).Verify(body is null ? notice.Body : body(notice.Body), sent);
            return null;
        }
        catch (WebhookVerificationException ex)
        {
            return ex.Message;
        }
    }

    public static bool VerifiesUnder(this ReceivedNotice notice, string secret) => notice.RefusalUnder(secret) is null;

    /// <summary>A <c>whsec_</c> secret the library decodes itself; Pharos keys any other secret with its UTF-8 bytes.</summary>
    private static StandardWebhook Verifier(string secret) =>
        secret.StartsWith("whsec_", StringComparison.Ordinal) ? new StandardWebhook(secret) : new StandardWebhook(Encoding.UTF8.GetBytes(secret));

    /// <summary>
    /// The wall clock's time, to the second. The library refuses a notice whose timestamp is over five minutes from its own
    /// (real) clock: a test whose notice it verifies sends it at this time, however its fake clock got there.
    /// </summary>
    public static DateTimeOffset WallClock() => DateTimeOffset.FromUnixTimeSeconds(TimeProvider.System.GetUtcNow().ToUnixTimeSeconds());

    /// <summary>Moves a fake clock to <paramref name="at"/>, forward or back.</summary>
    public static void MoveTo(this FakeTimeProvider clock, DateTimeOffset at) => clock.AdjustTime(at);
}
