using Pharos.Triage.Infrastructure.Platforms;
using Pharos.Triage.Intake.Data;

namespace Pharos.Triage.Intake.Consumers;

/// <summary>Keeps this service's copy of the platform records (<see cref="PlatformDirectory"/>).</summary>
public sealed class IntakePlatformChangedConsumer(IntakeDatabase database, TimeProvider clock) : PlatformChangedConsumer(database, clock);
