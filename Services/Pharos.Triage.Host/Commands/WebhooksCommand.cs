using System.CommandLine;
using Pharos.Triage.Infrastructure.Hosting;
using Pharos.Triage.PlatformLiaison;
using Pharos.Triage.PlatformLiaison.Data;
using Pharos.Triage.PlatformLiaison.Webhooks;

namespace Pharos.Triage.Host.Commands;

/// <summary><c>webhooks redeliver</c>: PlatformLiaison's <see cref="WebhookRedelivery"/>, by delivery or for a platform's abandoned notices.</summary>
public static class WebhooksCommand
{
    private const string Operator = "operator:command-line";

    public static Command Create(CommandServices services)
    {
        var delivery = new Option<string?>("--delivery") { Description = "One delivery, by id: sent again unless it is pending." };
        var platform = new Option<string?>("--platform") { Description = "Every notice of this platform that was abandoned." };
        var redeliver = new Command("redeliver",
            "Sends notices again, due now with a fresh retry budget: one delivery (--delivery), or a platform's abandoned ones (--platform).")
        {
            delivery, platform,
        };
        redeliver.Validators.Add(result =>
        {
            if ((result.GetValue(delivery) is null) == (result.GetValue(platform) is null))
                result.AddError("Name either --delivery ID or --platform ID (one of them).");
        });
        redeliver.SetRun(async (parsed, output, ct) =>
        {
            var database = services.Require<LiaisonDatabase>(LiaisonService.Name);
            await services.Provider.PrepareAsync(database, ct);
            var redelivery = ActivatorUtilities.CreateInstance<WebhookRedelivery>(services.Provider);
            if (parsed.GetValue(delivery) is { } id)
            {
                var line = await redelivery.RedeliverAsync(id, Operator, ct) switch
                {
                    RedeliveryOutcome.Redelivered => $"Delivery {id} is due again now.",
                    RedeliveryOutcome.AlreadyPending => $"Delivery {id} is pending already (due, or being sent): left as it is.",
                    RedeliveryOutcome.NotFound => throw new CommandFailedException($"no webhook delivery has the id {id}."),
                    _ => throw new CommandFailedException($"the platform of delivery {id} has no webhook: nothing can be sent to it."),
                };
                await output.WriteLineAsync(line);
                return 0;
            }
            var platformId = parsed.GetRequiredValue(platform)!;
            var redelivered = await redelivery.RedeliverAbandonedAsync(platformId, Operator, ct)
                ?? throw new CommandFailedException($"platform {platformId} has no webhook: nothing can be sent to it.");
            await output.WriteLineAsync($"{redelivered.Count} abandoned delivery(ies) of {platformId} due again now{(redelivered.Count > 0 ? ": " + string.Join(", ", redelivered) : ".")}");
            return 0;
        });
        return new Command("webhooks", "Platforms' webhook notices (PlatformLiaison).") { redeliver };
    }
}
