using System.CommandLine;
using Pharos.Triage.Infrastructure.Hosting;
using Pharos.Triage.Infrastructure.Outbox;
using Pharos.Triage.Infrastructure.Storage;

namespace Pharos.Triage.Host.Commands;

/// <summary><c>outbox status</c>: per composed service, what waits in its outbox (Infrastructure's <see cref="OutboxStatus"/>).</summary>
public static class OutboxCommand
{
    public static Command Create(CommandServices services)
    {
        var json = CommandAction.JsonOption();
        var status = new Command("status",
            "Per service: the rows waiting to leave, how long the oldest has waited, and the rows that cannot be sent at all.") { json };
        status.SetRun(async (parsed, output, ct) =>
        {
            var clock = services.Provider.GetRequiredService<TimeProvider>();
            var statuses = new List<OutboxStatus>();
            foreach (var database in services.Provider.GetServices<ServiceDatabase>())
            {
                await services.Provider.PrepareAsync(database, ct);
                statuses.Add(await OutboxStatus.ReadAsync(database, ct));
            }

            var now = clock.GetUtcNow();
            if (parsed.GetValue(json))
                await output.WriteJsonAsync(statuses.Select(s => new { s.Service, s.Unsent, OldestUnsentSeconds = s.OldestUnsentAge(now)?.TotalSeconds, s.Unsendable }));
            else
                await output.WriteTableAsync(["SERVICE", "UNSENT", "OLDEST UNSENT", "UNSENDABLE"], statuses.Select(s => (IReadOnlyList<string>)
                [
                    s.Service, s.Unsent.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    s.OldestUnsentAge(now) is { } age ? Age(age) : "-", s.Unsendable.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ]));
            return 0;
        });
        return new Command("outbox", "The services' outboxes: messages written with their data, waiting for the bus.") { status };
    }

    private static string Age(TimeSpan age) => age.TotalDays >= 1 ? $"{age.TotalDays:0.#} d" : age.TotalHours >= 1 ? $"{age.TotalHours:0.#} h"
        : age.TotalMinutes >= 1 ? $"{age.TotalMinutes:0.#} min" : $"{Math.Max(0, age.TotalSeconds):0} s";
}
