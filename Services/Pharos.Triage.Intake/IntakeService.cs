using FluentValidation;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Pharos.Triage.Infrastructure.Hosting;
using Pharos.Triage.Intake.Api;
using Pharos.Triage.Intake.Consumers;
using Pharos.Triage.Intake.Data;
using Pharos.Triage.Intake.Idempotency;
using Pharos.Triage.Intake.Redrive;
using Pharos.Triage.Intake.Validation;

namespace Pharos.Triage.Intake;

/// <summary>Intake: analysts' reports, and each report's timeline projected from every lifecycle event.</summary>
public static class IntakeService
{
    public const string Name = "Intake";

    public static readonly ServiceModule Module = new(Name, Register, AddConsumers, app => app.MapReportEndpoints());

    private static void Register(WebApplicationBuilder builder)
    {
        builder.AddServiceDatabase(Name, (provider, connection, synchronous) => new IntakeDatabase(provider, connection, synchronous));
        builder.Services.AddSingleton<IValidator<FileReport>, FileReportValidator>();
        builder.Services.AddSingleton<IValidator<AnswerClarification>, AnswerClarificationValidator>();
        builder.Services.AddOptions<IdempotencyOptions>().BindConfiguration(IdempotencyOptions.Section)
            .Validate(o => o.Retention > TimeSpan.Zero, "Pharos:Idempotency:Retention must be positive.")
            .Validate(o => o.PurgeInterval > TimeSpan.Zero, "Pharos:Idempotency:PurgeInterval must be positive.")
            .ValidateOnStart();
        builder.Services.AddSingleton<IdempotencyKeyPurge>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<IdempotencyKeyPurge>());
        builder.Services.AddSingleton<StuckReportRedrive>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<StuckReportRedrive>());
    }

    private static void AddConsumers(IBusRegistrationConfigurator bus)
    {
        bus.AddServiceConsumer<RequestIssuedConsumer>(Name);
        bus.AddServiceConsumer<ReportDuplicateConsumer>(Name);
        bus.AddServiceConsumer<ReportForwardedConsumer>(Name);
        bus.AddServiceConsumer<RequestSupersededConsumer>(Name);
        bus.AddServiceConsumer<RequestAcknowledgedConsumer>(Name);
        bus.AddServiceConsumer<ClarificationRequestedConsumer>(Name);
        bus.AddServiceConsumer<RequestResumedConsumer>(Name);
        bus.AddServiceConsumer<RequestClosedConsumer>(Name);
        bus.AddServiceConsumer<RequestDeadlineSettledConsumer>(Name);
        bus.AddServiceConsumer<ReminderDueConsumer>(Name);
        bus.AddServiceConsumer<RequestOverdueConsumer>(Name);
        bus.AddServiceConsumer<RequestEscalatedConsumer>(Name);
        bus.AddServiceConsumer<RequestUnansweredConsumer>(Name);
        bus.AddServiceConsumer<IntakePlatformChangedConsumer>(Name);
    }
}
