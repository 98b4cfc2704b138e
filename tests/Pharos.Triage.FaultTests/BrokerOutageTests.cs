using System.Diagnostics;

namespace Pharos.Triage.FaultTests;

/// <summary>
/// RabbitMQ itself stops for 20 seconds in the middle of a steady load (every connection of every service
/// drops), while analysts and the platform keep calling; then it starts again. The services must come
/// back by themselves. This stops the whole broker: other tests using it at the same time are disturbed.
/// </summary>
public sealed class When_RabbitMQ_stops_for_20_seconds_under_load : FaultTest
{
    private static readonly TimeSpan StopAt = TimeSpan.FromSeconds(8);
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan LoadAfterwards = TimeSpan.FromSeconds(10);

    [Test]
    public async Task The_services_reconnect_by_themselves_and_nothing_accepted_is_lost_doubled_or_stuck()
    {
        // Test projects run side by side: wait for other vhosts' clients (another project's RabbitMQ tests) to finish first.
        var others = await RabbitMqBroker.WaitUntilAloneAsync(System.VirtualHost, TimeSpan.FromMinutes(3));
        Facts["other vhosts connected when the broker stopped"] = others.Count == 0 ? "none" : string.Join(", ", others);

        var start = DateTime.UtcNow;
        await using var load = LoadDriver.Start(System, Ledger);

        await Until(start + StopAt);
        var stopping = Stopwatch.StartNew();
        var readyDuringOutage = new Dictionary<string, string>();
        try
        {
            await Task.Run(RabbitMqBroker.Stop);
            Facts["broker stopped at load second"] = Math.Round((DateTime.UtcNow - start).TotalSeconds, 1);
            Facts["broker stop took (s)"] = Math.Round(stopping.Elapsed.TotalSeconds, 1);
            var stopped = DateTime.UtcNow;
            await Task.Delay(Outage / 2);
            foreach (var service in System.Services) readyDuringOutage[service.Name] = await service.ReadinessAsync();
            await Until(stopped + Outage);
        }
        finally
        {
            // Whatever happened, the broker runs again: the next test, and anyone else's, needs it.
            await RabbitMqBroker.StartAsync(TimeSpan.FromSeconds(120));
        }
        Facts["broker taking connections again at load second"] = Math.Round((DateTime.UtcNow - start).TotalSeconds, 1);
        Facts["/health/ready during the outage"] = string.Join(", ", readyDuringOutage.Select(r => $"{r.Key} {r.Value}"));

        var ready = await System.WaitAllReadyAsync(TimeSpan.FromSeconds(120));
        Facts["all four 200 Healthy again after (s)"] = Math.Round(ready.TotalSeconds, 1);
        await Task.Delay(LoadAfterwards);
        await load.StopAsync(Drain);
        Facts["load ran for (s)"] = Math.Round((DateTime.UtcNow - start).TotalSeconds, 1);

        await SettleAndAssertAsync("RabbitMQ stopped for 20 s under load");
        Assert.That(readyDuringOutage.Values, Has.None.EqualTo(HostProcess.Ready), "not ready while the bus is down");
    }
}
