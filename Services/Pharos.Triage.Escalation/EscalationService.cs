using FluentValidation;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Pharos.Triage.Escalation.Api;
using Pharos.Triage.Escalation.Consumers;
using Pharos.Triage.Escalation.Data;
using Pharos.Triage.Escalation.PublicPage;
using Pharos.Triage.Escalation.Statistics;
using Pharos.Triage.Escalation.Sweeps;
using Pharos.Triage.Infrastructure.Hosting;

namespace Pharos.Triage.Escalation;

/// <summary>Escalation: a deadline clock per request, the escalation ladder, statistics and publications.</summary>
public static class EscalationService
{
    public const string Name = "Escalation";

    public static readonly ServiceModule Module = new(Name, Register, AddConsumers, app =>
    {
        app.MapStatisticsEndpoints();
        app.MapPublicPage();
    });

    private static void Register(WebApplicationBuilder builder)
    {
        builder.AddServiceDatabase(Name, (provider, connection, synchronous) => new EscalationDatabase(provider, connection, synchronous));
        builder.Services.AddOptions<EscalationOptions>().BindConfiguration(EscalationOptions.Section)
            .Validate(o => o.SweepInterval > TimeSpan.Zero, "Pharos:Escalation:SweepInterval must be positive.")
            .Validate(o => o.SweepBatch > 0, "Pharos:Escalation:SweepBatch must be positive.")
            .Validate(o => o.StatisticsRefreshInterval > TimeSpan.Zero, "Pharos:Escalation:StatisticsRefreshInterval must be positive.")
            .ValidateOnStart();
        builder.Services.AddSingleton<StatisticsStore>();
        // The public page: Razor components rendered on the server (static rendering, no interactivity).
        builder.Services.AddRazorComponents();
        builder.Services.AddHostedService<StatisticsRollupRefresh>();
        builder.Services.AddSingleton<IValidator<PublishStatistics>, PublishStatisticsValidator>();
        builder.Services.AddSingleton<DeadlineSweep>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<DeadlineSweep>());
    }

    private static void AddConsumers(IBusRegistrationConfigurator bus)
    {
        bus.AddServiceConsumer<StartClockConsumer>(Name);
        bus.AddServiceConsumer<AcknowledgedClockConsumer>(Name);
        bus.AddServiceConsumer<PauseClockConsumer>(Name);
        bus.AddServiceConsumer<ResumeClockConsumer>(Name);
        bus.AddServiceConsumer<StopClockConsumer>(Name);
        bus.AddServiceConsumer<EscalationPlatformChangedConsumer>(Name);
    }
}
