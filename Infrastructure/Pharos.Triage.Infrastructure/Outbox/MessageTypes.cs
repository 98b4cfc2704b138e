using System.Text.Json;
using Pharos.Triage.Contracts;

namespace Pharos.Triage.Infrastructure.Outbox;

/// <summary>The contract types an outbox row may hold, by name.</summary>
public static class MessageTypes
{
    public static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    private static readonly Dictionary<string, Type> ByName = typeof(ReportFiled).Assembly.GetExportedTypes()
        .Where(t => t.Namespace == typeof(ReportFiled).Namespace && IsRecord(t))
        .ToDictionary(t => t.Name, StringComparer.Ordinal);

    public static string NameOf(Type type) =>
        ByName.TryGetValue(type.Name, out var known) && known == type
            ? type.Name
            : throw new ArgumentException($"{type.FullName} is not a message contract.", nameof(type));

    public static Type Resolve(string name) =>
        ByName.TryGetValue(name, out var type) ? type : throw new InvalidOperationException($"Unknown message type '{name}'.");

    public static IReadOnlyCollection<Type> All => ByName.Values;

    private static bool IsRecord(Type t) => t.GetMethod("<Clone>$") is not null;
}
