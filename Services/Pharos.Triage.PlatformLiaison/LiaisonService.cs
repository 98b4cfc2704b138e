using FluentValidation;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Pharos.Triage.Infrastructure.Hosting;
using Pharos.Triage.PlatformLiaison.Api;
using Pharos.Triage.PlatformLiaison.Consumers;
using Pharos.Triage.PlatformLiaison.Data;
using Pharos.Triage.PlatformLiaison.Webhooks;
using Pharos.Triage.PlatformLiaison.Validation;

namespace Pharos.Triage.PlatformLiaison;

/// <summary>PlatformLiaison: requests as platforms see them, their answers, and notices to platforms' webhooks.</summary>
public static class LiaisonService
{
    public const string Name = "PlatformLiaison";

    public static readonly ServiceModule Module = new(Name, Register, AddConsumers, app =>
    {
        app.MapPlatformRequestEndpoints();
        app.MapWebhookAdminEndpoints();
        app.MapWebhookSelfServiceEndpoints();
        app.MapPlatformProfileEndpoints();
    });

    private static void Register(WebApplicationBuilder builder)
    {
        builder.AddServiceDatabase(Name, (provider, connection, synchronous) => new LiaisonDatabase(provider, connection, synchronous));
        builder.Services.AddSingleton<IValidator<OutcomeReport>, OutcomeReportValidator>();
        builder.Services.AddSingleton<IValidator<SetWebhook>, SetWebhookValidator>();
        builder.Services.AddSingleton<WebhookStore>();
        builder.Services.AddPlatformNotifications();
    }

    private static void AddConsumers(IBusRegistrationConfigurator bus)
    {
        bus.AddServiceConsumer<RequestIssuedConsumer>(Name);
        bus.AddServiceConsumer<ClarificationAnsweredConsumer>(Name);
        bus.AddServiceConsumer<ReminderDueConsumer>(Name);
        bus.AddServiceConsumer<RequestEscalatedConsumer>(Name);
        bus.AddServiceConsumer<RequestSupersededConsumer>(Name);
        bus.AddServiceConsumer<LiaisonPlatformChangedConsumer>(Name);
    }
}
