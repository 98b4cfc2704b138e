using Pharos.Triage.Infrastructure.Storage;

namespace Pharos.Triage.Routing.Data;

public sealed class RoutingDatabase(DatabaseProvider provider, string connectionString, string sqliteSynchronous)
    : ServiceDatabase(RoutingService.Name, provider, connectionString, sqliteSynchronous)
{
    public RoutingSql Sql { get; } = new(provider == DatabaseProvider.SqlServer);
}
