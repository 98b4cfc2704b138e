using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Pharos.Triage.Infrastructure.Hosting;
using Pharos.Triage.Infrastructure.Timing;
using Pharos.Triage.Infrastructure.Runtime;
using Pharos.Triage.Intake.Data;

namespace Pharos.Triage.Intake.Idempotency;

/// <summary>Bound from <c>Pharos:Idempotency</c>.</summary>
public sealed class IdempotencyOptions
{
    public const string Section = "Pharos:Idempotency";

    /// <summary>How long a key is kept: a retry within it gets the first answer; after it, the key files anew.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How often keys past their retention are deleted.</summary>
    public TimeSpan PurgeInterval { get; set; } = TimeSpan.FromMinutes(1);
}

/// <summary>
/// Deletes Idempotency-Keys older than their retention, in small batches so that filing never waits
/// long behind it. A key is honoured for at least the retention, and at most one interval longer.
/// </summary>
public sealed class IdempotencyKeyPurge(IntakeDatabase database, TimeProvider clock, IOptions<IdempotencyOptions> options, ILogger<IdempotencyKeyPurge> logger)
    : PeriodicJob(clock, logger)
{
    private const int Batch = 1000;

    protected override TimeSpan Interval => options.Value.PurgeInterval;

    protected override string Name => "Purging expired idempotency keys";

    protected override async Task RunAsync(CancellationToken ct)
    {
        while (await PurgeOnceAsync(ct) == Batch) { }
    }

    /// <summary>Deletes one batch of keys past their retention; returns how many.</summary>
    public async Task<int> PurgeOnceAsync(CancellationToken ct)
    {
        await using var uow = await database.BeginAsync(ct);
        var purged = await uow.ExecuteAsync(database.Sql.PurgeIdempotencyKeys, new { Before = Clock.Now() - options.Value.Retention, Limit = Batch });
        await uow.CommitAsync(ct);
        if (purged > 0) Logger.LogInformation("Purged {Count} idempotency keys past their retention", purged);
        return purged;
    }
}
