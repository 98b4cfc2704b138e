using Pharos.Triage.Infrastructure.Platforms;
using Pharos.Triage.PlatformLiaison.Data;

namespace Pharos.Triage.PlatformLiaison.Consumers;

/// <summary>Keeps this service's copy of the platform records (<see cref="PlatformDirectory"/>).</summary>
public sealed class LiaisonPlatformChangedConsumer(LiaisonDatabase database, TimeProvider clock) : PlatformChangedConsumer(database, clock);
