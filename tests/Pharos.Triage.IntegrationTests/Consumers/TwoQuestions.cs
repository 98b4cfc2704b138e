using Pharos.Triage.Contracts;
using Pharos.Triage.Infrastructure.Storage;
using Pharos.Triage.IntegrationTests.Support;

namespace Pharos.Triage.IntegrationTests.Consumers;

/// <summary>
/// A TCO order issued at T0 (act-by +1 h, unanswered +2 h, reminders +30 min) and asked two questions:
/// question 1 from +10 to +40 min (30 min), question 2 from +50 to +70 min (20 min), 50 min paused in
/// all. Their pauses and resumes as PlatformLiaison publishes them, for delivery in any order.
/// </summary>
internal static class TwoQuestions
{
    private static readonly DateTimeOffset T0 = PharosApp.Start;
    private static readonly string[] Names = ["pause 1", "pause 2", "resume 1", "resume 2"];

    public static readonly DateTimeOffset FinalActBy = T0.AddMinutes(110);
    public static readonly DateTimeOffset FinalUnansweredAt = T0.AddMinutes(170);
    public static readonly DateTimeOffset FinalActReminderAt = T0.AddMinutes(80);
    public static readonly long PausedMs = 50L * 60_000;

    public static RequestIssued Issued(string requestId, string reportId = "r1") =>
        new(requestId, "PHR-2026-000001", reportId, "x", "X", "https://x.com/a", "https://x.com/a", Category.Terrorism,
            LegalBasis.TcoRemovalOrder, "d", null, T0, T0.AddHours(1), T0.AddHours(1), T0.AddHours(2), T0.AddMinutes(30), T0.AddMinutes(30));

    public static object[] Facts(string requestId) =>
    [
        new ClarificationRequested(requestId, "x", "which?", T0.AddMinutes(10), "platform:x", 1),
        new ClarificationRequested(requestId, "x", "which account?", T0.AddMinutes(50), "platform:x", 2),
        new RequestResumed(requestId, "x", 1, RequestStatus.Acknowledged, TimeSpan.FromMinutes(30), T0.AddHours(1), T0.AddMinutes(90),
            T0.AddMinutes(150), T0.AddMinutes(30), T0.AddMinutes(60), T0.AddMinutes(40)),
        new RequestResumed(requestId, "x", 2, RequestStatus.Acknowledged, TimeSpan.FromMinutes(20), T0.AddHours(1), FinalActBy,
            FinalUnansweredAt, T0.AddMinutes(30), FinalActReminderAt, T0.AddMinutes(70)),
    ];

    /// <summary>Every order of the four facts.</summary>
    public static IEnumerable<int[]> EveryOrder() => Orders([0, 1, 2, 3]);

    public static string Describe(int[] order) => string.Join(", ", order.Select(i => Names[i]));

    private static IEnumerable<int[]> Orders(int[] items) =>
        items.Length <= 1 ? [items] : items.SelectMany(first => Orders(items.Where(i => i != first).ToArray()).Select(rest => new[] { first }.Concat(rest).ToArray()));

    /// <summary>
    /// Delivers the facts in this order, redelivering (as the bus retries) each that failed until it is
    /// taken; returns what was never taken.
    /// </summary>
    public static async Task<List<object>> DeliverAsync<TDatabase>(ServiceBed<TDatabase> bed, IEnumerable<object> facts) where TDatabase : ServiceDatabase
    {
        var waiting = new List<(object Fact, Guid Id)>();
        foreach (var fact in facts)
        {
            waiting.Add((fact, Guid.NewGuid()));
            for (var taken = true; taken;)
            {
                taken = false;
                foreach (var (retried, id) in waiting.ToList())
                {
                    await (retried switch
                    {
                        ClarificationRequested asked => bed.Deliver(asked, id),
                        RequestResumed resumed => bed.Deliver(resumed, id),
                        _ => throw new ArgumentException(retried.GetType().Name),
                    });
                    if (bed.LastDeliveryFaulted(id)) continue;
                    waiting.Remove((retried, id));
                    taken = true;
                }
            }
        }
        return waiting.Select(w => w.Fact).ToList();
    }
}
