using System.Diagnostics;

namespace Pharos.Triage.Infrastructure.Telemetry;

/// <summary>
/// The names under which Pharos.Triage's own spans and instruments are published: one activity source and one meter (created
/// through <c>IMeterFactory</c>, so that each host's instruments are its own) for all four services, told apart by the <c>service.name</c> resource and the <c>service</c> tag.
/// </summary>
public static class PharosTelemetry
{
    public const string Name = "Pharos.Triage";

    /// <summary>Spans the project starts itself (outbox dispatch, sweeps, webhook notices).</summary>
    public static readonly ActivitySource Spans = new(Name);
}
