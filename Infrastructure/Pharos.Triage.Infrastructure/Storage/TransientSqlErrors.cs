using System.Collections.Frozen;
using Microsoft.Data.SqlClient;
using Polly;
using Polly.Retry;

namespace Pharos.Triage.Infrastructure.Storage;

/// <summary>
/// SQL Server's transient errors (a deadlock victim, a timeout, a failover) and the retry of a whole
/// transaction that meets one. A statement is never retried alone: SQL Server rolls the transaction back,
/// so the unit of work starts again from its first statement, on a new connection.
/// </summary>
public static class TransientSqlErrors
{
    /// <summary>
    /// The error numbers SqlClient's own retry logic treats as transient (the default list of
    /// <c>SqlConfigurableRetryFactory</c>), less the syntax and missing-object errors it also lists, which no retry mends.
    /// </summary>
    public static readonly FrozenSet<int> Numbers = FrozenSet.ToFrozenSet(
    [
        1204, 1205, 1222,                   // no lock resource, deadlock victim, lock request timeout
        49918, 49919, 49920,                // not enough resources, too many operations
        4060, 4221,                         // database unavailable (failover), secondary replica not ready
        40143, 40613, 40501, 40540, 40197,  // Azure SQL: service busy, database unavailable, reconfiguration
        10928, 10929,                       // resource limits
        10053, 10054, 10060, 997, 233, 64, 20, 0, // transport: connection reset or lost
        -2,                                 // command timeout
    ]);

    /// <summary>Whether <paramref name="ex"/> is a SQL Server error after which the same transaction may succeed.</summary>
    public static bool IsTransient(Exception ex) =>
        ex is SqlException sql && (Numbers.Contains(sql.Number) || sql.Errors.Cast<SqlError>().Any(e => Numbers.Contains(e.Number)));

    /// <summary>The longest wait between two runs of a transaction.</summary>
    public static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(10);

    /// <summary>Set once the unit of work began to commit: a failure then may have committed, so it is not retried.</summary>
    public static readonly ResiliencePropertyKey<bool> CommitStarted = new("pharos.commit-started");

    /// <summary>
    /// Retries a transaction that failed on a transient error up to <paramref name="retries"/> times, waiting
    /// exponentially longer with jitter from <paramref name="firstDelay"/> (200 ms by default) on <paramref name="clock"/>.
    /// </summary>
    public static ResiliencePipeline Retry(
        TimeProvider clock, int retries = 4, TimeSpan? firstDelay = null, Action<int, TimeSpan, Exception>? onRetry = null,
        Func<double>? randomizer = null) =>
        new ResiliencePipelineBuilder { TimeProvider = clock }
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = args => ValueTask.FromResult(
                    args.Outcome.Exception is { } ex && IsTransient(ex)
                    && !(args.Context.Properties.TryGetValue(CommitStarted, out var started) && started)),
                MaxRetryAttempts = retries,
                Delay = firstDelay ?? TimeSpan.FromMilliseconds(200),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                MaxDelay = MaxDelay,
                Randomizer = randomizer ?? Random.Shared.NextDouble,
                OnRetry = args =>
                {
                    onRetry?.Invoke(args.AttemptNumber + 1, args.RetryDelay, args.Outcome.Exception!);
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
}
