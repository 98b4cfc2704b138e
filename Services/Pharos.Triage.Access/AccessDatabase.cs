using Pharos.Triage.Infrastructure.Storage;

namespace Pharos.Triage.Access;

/// <summary>The access store: API keys and the access log (SQLite <c>access.db</c>; SQL Server schema <c>access</c>).</summary>
public sealed class AccessDatabase(DatabaseProvider provider, string connectionString, string sqliteSynchronous)
    : ServiceDatabase("Access", provider, connectionString, sqliteSynchronous)
{
    public AccessSql Sql { get; } = new(provider == DatabaseProvider.SqlServer);
}
