using System.Collections.Concurrent;
using System.Data.Common;
using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Pharos.Triage.Infrastructure.Storage;

/// <summary>
/// The statements of one SQLite writer connection, each prepared once and run again with new values.
/// Microsoft.Data.Sqlite prepares every new command, and Dapper makes a new command per call: perf showed
/// SQLite's parser and code generator at about a tenth of the embedded host's CPU under load, for the same
/// few dozen statements over and over.
/// </summary>
internal sealed class SqliteStatements(SqliteConnection connection) : IDisposable
{
    /// <summary>A bound on the cache, should some caller build its SQL text from values.</summary>
    internal const int MaxStatements = 256;

    private readonly Dictionary<string, Statement> _statements = new(StringComparer.Ordinal);

    private sealed class Statement(SqliteCommand command)
    {
        public SqliteCommand Command { get; } = command;
        public ParameterPlan? Plan { get; set; }
        public SqliteParameter[] Parameters { get; set; } = [];
    }

    /// <summary>
    /// The prepared command for <paramref name="sql"/>, its parameters set from <paramref name="parameters"/>'s
    /// properties. False when those are not plain values (a list to expand, say): the caller then goes
    /// through Dapper, which handles everything.
    /// </summary>
    public bool TryGet(string sql, object? parameters, SqliteTransaction transaction, [NotNullWhen(true)] out SqliteCommand? command)
    {
        command = null;
        var plan = parameters is null ? ParameterPlan.None : ParameterPlan.For(parameters.GetType());
        if (plan is null) return false;
        if (!_statements.TryGetValue(sql, out var statement))
        {
            if (_statements.Count >= MaxStatements) return false;
            statement = new Statement(new SqliteCommand(sql, connection));
            _statements[sql] = statement;
        }
        if (!ReferenceEquals(statement.Plan, plan))
        {
            // Another parameter type for the same text: name the parameters again (the statement stays prepared).
            statement.Command.Parameters.Clear();
            statement.Parameters = plan.Names.Select(name => statement.Command.Parameters.AddWithValue(name, DBNull.Value)).ToArray();
            statement.Plan = plan;
        }
        plan.Fill(parameters, statement.Parameters);
        statement.Command.Transaction = transaction;
        command = statement.Command;
        return true;
    }

    /// <summary>How many statements are kept prepared.</summary>
    public int Count => _statements.Count;

    /// <summary>
    /// Runs a statement without parameters, prepared once: the savepoints every writer takes. With the cache full
    /// it runs unprepared: a savepoint first needed after 256 other statements must still work.
    /// </summary>
    public void Execute(string sql, SqliteTransaction transaction)
    {
        if (TryGet(sql, null, transaction, out var command))
        {
            command.ExecuteNonQuery();
            return;
        }
        using var once = new SqliteCommand(sql, connection, transaction);
        once.ExecuteNonQuery();
    }

    public void Dispose()
    {
        foreach (var statement in _statements.Values) statement.Command.Dispose();
        _statements.Clear();
    }

    /// <summary>Reads every row of a query the way Dapper would map it.</summary>
    public static List<T> Query<T>(SqliteCommand command)
    {
        using var reader = command.ExecuteReader();
        var rows = new List<T>();
        if (!reader.HasRows) return rows;
        var parse = reader.GetRowParser(typeof(T));
        while (reader.Read()) rows.Add(As<T>(parse(reader)));
        return rows;
    }

    /// <summary>The one row of a query, or the default when there is none; more than one is an error, as with Dapper.</summary>
    public static T? QuerySingleOrDefault<T>(SqliteCommand command)
    {
        using var reader = command.ExecuteReader();
        if (!reader.Read()) return default;
        var row = As<T>(reader.GetRowParser(typeof(T))(reader));
        if (reader.Read()) throw new InvalidOperationException("Sequence contains more than one element");
        return row;
    }

    /// <summary>The first column of the first row, or the default when there is none, converted as Dapper converts a scalar.</summary>
    public static T? Scalar<T>(SqliteCommand command)
    {
        var value = command.ExecuteScalar();
        if (value is null or DBNull) return default;
        if (value is long ms && (typeof(T) == typeof(DateTimeOffset) || typeof(T) == typeof(DateTimeOffset?)))
            return (T)(object)Timestamps.FromUnixMs(ms);
        return As<T>(value);
    }

    /// <summary>
    /// A parsed row as <typeparamref name="T"/>. Dapper's parser leaves a single column as it was read (SQLite's long
    /// for an int, say); its queries then convert, and so does this, in the same way.
    /// </summary>
    private static T As<T>(object? value)
    {
        if (value is T typed) return typed;
        var type = typeof(T);
        if (value is null && (!type.IsValueType || Nullable.GetUnderlyingType(type) is not null)) return default!;
        return (T)Convert.ChangeType(value, Nullable.GetUnderlyingType(type) ?? type, System.Globalization.CultureInfo.InvariantCulture)!;
    }

    /// <summary>
    /// How a parameter object's public properties become statement parameters, for plain values only: text,
    /// numbers, booleans, blobs and timestamps (Unix milliseconds, as <see cref="Timestamps"/> has Dapper write them).
    /// Null for any other type, which then goes through Dapper.
    /// </summary>
    internal sealed class ParameterPlan
    {
        private static readonly ConcurrentDictionary<Type, ParameterPlan?> Plans = new();

        public static readonly ParameterPlan None = new([], []);

        private readonly Func<object, object?>[] _values;

        private ParameterPlan(string[] names, Func<object, object?>[] values)
        {
            Names = names;
            _values = values;
        }

        public string[] Names { get; }

        public static ParameterPlan? For(Type type) => Plans.GetOrAdd(type, Build);

        public void Fill(object? parameters, SqliteParameter[] into)
        {
            for (var i = 0; i < _values.Length; i++) into[i].Value = _values[i](parameters!) ?? DBNull.Value;
        }

        private static ParameterPlan? Build(Type type)
        {
            if (type.IsValueType || type == typeof(string) || typeof(System.Collections.IEnumerable).IsAssignableFrom(type)
                || typeof(SqlMapper.IDynamicParameters).IsAssignableFrom(type))
                return null;
            var properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                .Where(p => p.CanRead && p.GetIndexParameters().Length == 0)
                .ToList();
            var names = new string[properties.Count];
            var values = new Func<object, object?>[properties.Count];
            for (var i = 0; i < properties.Count; i++)
            {
                if (ValueOf(properties[i]) is not { } value) return null;
                // Named with the prefix the SQL uses, so that binding finds it at the first lookup.
                names[i] = "@" + properties[i].Name;
                values[i] = value;
            }
            return new ParameterPlan(names, values);
        }

        private static Func<object, object?>? ValueOf(PropertyInfo property)
        {
            var type = property.PropertyType;
            if (type == typeof(DateTimeOffset)) return o => Timestamps.ToUnixMs((DateTimeOffset)property.GetValue(o)!);
            if (type == typeof(DateTimeOffset?)) return o => property.GetValue(o) is DateTimeOffset at ? Timestamps.ToUnixMs(at) : null;
            var plain = Nullable.GetUnderlyingType(type) ?? type;
            if (plain == typeof(string) || plain == typeof(long) || plain == typeof(int) || plain == typeof(short) || plain == typeof(byte)
                || plain == typeof(bool) || plain == typeof(double) || plain == typeof(byte[]))
                return property.GetValue;
            return null;
        }
    }
}
