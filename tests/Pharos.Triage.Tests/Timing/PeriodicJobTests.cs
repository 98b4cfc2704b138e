using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Pharos.Triage.Infrastructure.Timing;

namespace Pharos.Triage.Tests.Timing;

public sealed class When_a_periodic_job_runs
{
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    [Test]
    public async Task It_runs_at_start_and_then_once_each_interval()
    {
        var clock = new WatchedClock();
        var job = new CountingJob(clock, runsAtStart: true);
        await job.StartAsync(CancellationToken.None);
        try
        {
            Assert.That(await job.NextRunAsync(), Is.EqualTo(1), "at start");
            clock.Advance(Interval - TimeSpan.FromSeconds(1));
            Assert.That(job.HasRunAgain(), Is.False, "not before the interval is over");
            clock.Advance(TimeSpan.FromSeconds(1));
            Assert.That(await job.NextRunAsync(), Is.EqualTo(2));
            clock.Advance(Interval);
            Assert.That(await job.NextRunAsync(), Is.EqualTo(3));
        }
        finally
        {
            await job.StopAsync(CancellationToken.None);
        }
    }

    [Test]
    public async Task A_job_that_waits_at_start_runs_first_after_one_interval()
    {
        var clock = new WatchedClock();
        var job = new CountingJob(clock, runsAtStart: false);
        await job.StartAsync(CancellationToken.None);
        try
        {
            await clock.TimerCreated.WaitAsync(TimeSpan.FromSeconds(30));
            Assert.That(job.HasRunAgain(), Is.False);
            clock.Advance(Interval);
            Assert.That(await job.NextRunAsync(), Is.EqualTo(1));
        }
        finally
        {
            await job.StopAsync(CancellationToken.None);
        }
    }

    [Test]
    public async Task A_run_that_fails_is_logged_and_the_job_tries_again_at_the_next_interval()
    {
        var clock = new WatchedClock();
        var job = new CountingJob(clock, runsAtStart: true, failFirst: true);
        await job.StartAsync(CancellationToken.None);
        try
        {
            Assert.That(await job.NextRunAsync(), Is.EqualTo(1));
            clock.Advance(Interval);
            Assert.That(await job.NextRunAsync(), Is.EqualTo(2), "the job goes on after a failure");
            Assert.That(job.Log.Warnings, Is.EqualTo(new[] { "Counting failed; trying again at the next interval" }));
            Assert.That(job.StoppedWith, Is.Null);
        }
        finally
        {
            await job.StopAsync(CancellationToken.None);
        }
    }

    [Test]
    public async Task Stopping_ends_the_wait()
    {
        var clock = new WatchedClock();
        var job = new CountingJob(clock, runsAtStart: true);
        await job.StartAsync(CancellationToken.None);
        await job.NextRunAsync();

        await job.StopAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.That(job.ExecuteTask!.IsCompletedSuccessfully, Is.True);
    }

    /// <summary>A fake clock that tells when the job's timer exists, so that the test moves time only after it.</summary>
    private sealed class WatchedClock() : FakeTimeProvider(new DateTimeOffset(2026, 12, 2, 0, 0, 0, TimeSpan.Zero))
    {
        private readonly TaskCompletionSource _timerCreated = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task TimerCreated => _timerCreated.Task;

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var timer = base.CreateTimer(callback, state, dueTime, period);
            _timerCreated.TrySetResult();
            return timer;
        }
    }

    private sealed class CountingJob(TimeProvider clock, bool runsAtStart, bool failFirst = false)
        : PeriodicJob(clock, new RecordingLogger())
    {
        private readonly Channel<int> _runs = Channel.CreateUnbounded<int>();
        private int _count;

        public RecordingLogger Log => (RecordingLogger)Logger;

        public Exception? StoppedWith => ExecuteTask?.Exception;

        protected override TimeSpan Interval => When_a_periodic_job_runs.Interval;

        protected override string Name => "Counting";

        protected override bool RunsAtStart => runsAtStart;

        protected override Task RunAsync(CancellationToken ct)
        {
            var run = ++_count;
            _runs.Writer.TryWrite(run);
            return failFirst && run == 1 ? throw new InvalidOperationException("the first run fails") : Task.CompletedTask;
        }

        /// <summary>The number of the next run; the timeout only keeps a broken job from hanging the suite.</summary>
        public async Task<int> NextRunAsync() => await _runs.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));

        public bool HasRunAgain() => _runs.Reader.TryRead(out _);
    }

    private sealed class RecordingLogger : ILogger
    {
        private readonly List<string> _warnings = [];

        public IReadOnlyList<string> Warnings
        {
            get { lock (_warnings) return [.. _warnings]; }
        }

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel == LogLevel.Warning) lock (_warnings) _warnings.Add(formatter(state, exception));
        }
    }
}
