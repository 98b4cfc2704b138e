using System.Data;
using System.Globalization;
using Dapper;

namespace Pharos.Triage.Infrastructure.Storage;

/// <summary>
/// Every timestamp is stored as UTC milliseconds since the Unix epoch (INTEGER in SQLite, BIGINT in
/// SQL Server): one representation in both dialects, exact comparisons, and cheap indexed due times.
/// </summary>
public static class Timestamps
{
    private static int _registered;

    public static long ToUnixMs(DateTimeOffset value) => value.ToUnixTimeMilliseconds();

    public static DateTimeOffset FromUnixMs(long value) => DateTimeOffset.FromUnixTimeMilliseconds(value);

    /// <summary>Lets Dapper read and write <see cref="DateTimeOffset"/> as Unix milliseconds.</summary>
    public static void RegisterWithDapper()
    {
        if (Interlocked.Exchange(ref _registered, 1) == 1) return;
        // Dapper consults its built-in type map before custom handlers, so the built-in entries go first.
        SqlMapper.RemoveTypeMap(typeof(DateTimeOffset));
        SqlMapper.RemoveTypeMap(typeof(DateTimeOffset?));
        SqlMapper.AddTypeHandler(new UnixMsHandler());
    }

    private sealed class UnixMsHandler : SqlMapper.TypeHandler<DateTimeOffset>
    {
        public override void SetValue(IDbDataParameter parameter, DateTimeOffset value)
        {
            parameter.DbType = DbType.Int64;
            parameter.Value = ToUnixMs(value);
        }

        public override DateTimeOffset Parse(object value) => FromUnixMs(Convert.ToInt64(value, CultureInfo.InvariantCulture));
    }
}
