using Pharos.Triage.Escalation.Data;
using Pharos.Triage.Infrastructure.Platforms;

namespace Pharos.Triage.Escalation.Consumers;

/// <summary>Keeps this service's copy of the platform records (<see cref="PlatformDirectory"/>).</summary>
public sealed class EscalationPlatformChangedConsumer(EscalationDatabase database, TimeProvider clock) : PlatformChangedConsumer(database, clock);
