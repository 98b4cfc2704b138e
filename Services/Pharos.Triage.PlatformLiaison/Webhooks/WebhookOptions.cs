using Microsoft.Extensions.Options;

namespace Pharos.Triage.PlatformLiaison.Webhooks;

/// <summary>How notices are sent and retried: <c>Pharos:Webhooks</c>.</summary>
public sealed class WebhookOptions
{
    public const string Section = "Pharos:Webhooks";

    /// <summary>How often due deliveries are looked for when nothing woke the dispatcher.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Deliveries in flight at once, all platforms together.</summary>
    public int MaxConcurrentDeliveries { get; set; } = 64;

    /// <summary>Deliveries in flight at once to one platform, so that a dead receiver holds few of the slots.</summary>
    public int PerPlatformConcurrency { get; set; } = 4;

    /// <summary>How long one HTTP attempt may take.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>In-process retries of a transient failure within one dispatch.</summary>
    public int QuickRetries { get; set; } = 3;

    /// <summary>The first wait between quick retries; it doubles for each next one.</summary>
    public TimeSpan QuickRetryDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The wait before the second dispatch of a failed delivery; it doubles for each next one.</summary>
    public TimeSpan FirstRetryAfter { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The longest wait between two dispatches.</summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Dispatches after which a delivery that never succeeded is abandoned.</summary>
    public int MaxDispatches { get; set; } = 20;

    /// <summary>The longest wait between two quick retries.</summary>
    public TimeSpan LongestQuickRetryDelay => QuickRetryDelay * Math.Pow(2, Math.Max(0, QuickRetries - 1));

    /// <summary>
    /// How long a claimed delivery stays reserved for its dispatcher: longer than any dispatch can take
    /// (every attempt timing out, with the waits between), so that no other dispatcher sends it meanwhile.
    /// After a crash, the delivery is sent again once the lease ends.
    /// </summary>
    public TimeSpan Lease => AttemptTimeout * (QuickRetries + 1) + LongestQuickRetryDelay * QuickRetries + TimeSpan.FromMinutes(1);
}

public sealed class WebhookOptionsValidator : IValidateOptions<WebhookOptions>
{
    public ValidateOptionsResult Validate(string? name, WebhookOptions o)
    {
        var problems = new List<string>();
        void Positive(TimeSpan value, string key, TimeSpan? atLeast = null)
        {
            if (value <= TimeSpan.Zero || value < atLeast) problems.Add($"{WebhookOptions.Section}:{key} must be a TimeSpan of at least {atLeast ?? TimeSpan.FromTicks(1)}.");
        }
        void Between(int value, string key, int min, int max)
        {
            if (value < min || value > max) problems.Add($"{WebhookOptions.Section}:{key} must be between {min} and {max}.");
        }

        Positive(o.PollInterval, nameof(o.PollInterval));
        // Polly refuses attempt timeouts under 10 ms.
        Positive(o.AttemptTimeout, nameof(o.AttemptTimeout), TimeSpan.FromMilliseconds(10));
        Positive(o.QuickRetryDelay, nameof(o.QuickRetryDelay));
        Positive(o.FirstRetryAfter, nameof(o.FirstRetryAfter));
        Positive(o.MaxRetryAfter, nameof(o.MaxRetryAfter));
        Between(o.MaxConcurrentDeliveries, nameof(o.MaxConcurrentDeliveries), 1, 10_000);
        Between(o.PerPlatformConcurrency, nameof(o.PerPlatformConcurrency), 1, 1_000);
        Between(o.QuickRetries, nameof(o.QuickRetries), 0, 10);
        Between(o.MaxDispatches, nameof(o.MaxDispatches), 1, 1_000);
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
