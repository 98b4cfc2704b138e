using Pharos.Triage.Infrastructure.Storage;

namespace Pharos.Triage.Intake.Data;

public sealed class IntakeDatabase(DatabaseProvider provider, string connectionString, string sqliteSynchronous)
    : ServiceDatabase(IntakeService.Name, provider, connectionString, sqliteSynchronous)
{
    public IntakeSql Sql { get; } = new(provider == DatabaseProvider.SqlServer);
}
