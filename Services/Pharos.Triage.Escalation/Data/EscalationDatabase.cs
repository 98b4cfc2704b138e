using Pharos.Triage.Infrastructure.Storage;

namespace Pharos.Triage.Escalation.Data;

public sealed class EscalationDatabase(DatabaseProvider provider, string connectionString, string sqliteSynchronous)
    : ServiceDatabase(EscalationService.Name, provider, connectionString, sqliteSynchronous)
{
    public EscalationSql Sql { get; } = new(provider == DatabaseProvider.SqlServer);
}
