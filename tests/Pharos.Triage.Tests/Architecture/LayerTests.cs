using System.Reflection;
using System.Reflection.Emit;
using Pharos.Triage.Infrastructure.Storage;

namespace Pharos.Triage.Tests.Architecture;

/// <summary>
/// The Infrastructure project in layers: Storage at the bottom uses nothing of ours, the outbox sits on Storage,
/// Hosting wires them and nothing uses Hosting. Read from the compiled assembly, not the source: every type's
/// signatures and the IL of its method bodies, so that a call, a <c>new</c>, a field or an extension method counts
/// however it was written (a using line, a qualified name, a lambda, an async method's state machine).
/// </summary>
public class When_the_infrastructure_folders_are_read
{
    private const string Ours = "Pharos.Triage.";
    private const string Infrastructure = "Pharos.Triage.Infrastructure";

    private static readonly Assembly Assembly = typeof(ServiceDatabase).Assembly;

    // Before Uses: static fields initialise in order.
    private static readonly Dictionary<ushort, OpCode> OpCodesByValue = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => (ushort)o.Value);

    /// <summary>Each folder (namespace) of Infrastructure, the namespaces of ours it uses, and where.</summary>
    private static readonly Dictionary<string, Dictionary<string, SortedSet<string>>> Uses = ReadUses();

    [Test]
    public void Storage_uses_nothing_of_ours()
    {
        Assert.That(Violations("Storage", used => true), Is.Empty);
    }

    [Test]
    public void The_outbox_uses_no_hosting()
    {
        Assert.That(Uses, Does.ContainKey("Outbox"), "the outbox has a folder of its own");
        Assert.That(Violations("Outbox", used => used == "Hosting"), Is.Empty);
    }

    [Test]
    public void Nothing_uses_hosting()
    {
        Assert.That(Uses.Keys.Where(f => f != "Hosting").SelectMany(f => Violations(f, used => used == "Hosting")), Is.Empty);
    }

    [Test]
    public void No_folder_uses_itself_through_others()
    {
        Assert.That(Circles(), Is.Empty);
    }

    /// <summary>The reading sees what a folder uses: without this, an empty reading would pass every rule above.</summary>
    [Test]
    public void Hosting_is_seen_to_wire_storage_and_the_outbox()
    {
        Assert.That(Uses["Hosting"].Keys, Is.SupersetOf(new[] { "Storage", "Outbox" }));
    }

    private static List<string> Violations(string folder, Func<string, bool> forbidden) =>
        Uses.GetValueOrDefault(folder, [])
            .Where(u => forbidden(u.Key))
            .Select(u => $"{folder} uses {u.Key}: {string.Join("; ", u.Value)}")
            .ToList();

    /// <summary>Every folder that reaches itself through the folders it uses, with the path.</summary>
    private static List<string> Circles()
    {
        var folders = Uses.Keys.ToList();
        var circles = new List<string>();
        foreach (var start in folders)
        {
            var path = new Stack<string>();
            if (Reaches(start, start, path, [])) circles.Add(string.Join(" -> ", path.Reverse().Prepend(start)));
        }
        return circles;
    }

    private static bool Reaches(string from, string target, Stack<string> path, HashSet<string> seen)
    {
        foreach (var next in Uses.GetValueOrDefault(from, []).Keys.Where(Uses.ContainsKey))
        {
            path.Push(next);
            if (next == target) return true;
            if (seen.Add(next) && Reaches(next, target, path, seen)) return true;
            path.Pop();
        }
        return false;
    }

    private static Dictionary<string, Dictionary<string, SortedSet<string>>> ReadUses()
    {
        var uses = new Dictionary<string, Dictionary<string, SortedSet<string>>>(StringComparer.Ordinal);
        foreach (var type in Assembly.GetTypes())
        {
            var folder = FolderOf(type);
            if (folder is null) continue;
            var mine = uses.TryGetValue(folder, out var found) ? found : uses[folder] = new(StringComparer.Ordinal);
            foreach (var (used, where) in TypesUsedBy(type))
            foreach (var part in Parts(used))
            {
                if (part.Namespace is not { } ns || !ns.StartsWith(Ours, StringComparison.Ordinal)) continue;
                var target = FolderOf(part) ?? ns;
                if (target == folder) continue;
                if (!mine.TryGetValue(target, out var places)) mine[target] = places = new(StringComparer.Ordinal);
                places.Add($"{type.FullName![(type.Namespace!.Length + 1)..]}.{where} uses {part.Name}");
            }
        }
        return uses;
    }

    /// <summary>The folder of a type of the Infrastructure assembly: its namespace under the project's.</summary>
    private static string? FolderOf(Type type) =>
        type.Assembly == Assembly && type.Namespace is { } ns && ns.StartsWith(Infrastructure + ".", StringComparison.Ordinal)
            ? ns[(Infrastructure.Length + 1)..].Split('.')[0]
            : null;

    /// <summary>A type and what it is built from: element types, generic definitions and arguments.</summary>
    private static IEnumerable<Type> Parts(Type type)
    {
        if (type.HasElementType)
        {
            foreach (var part in Parts(type.GetElementType()!)) yield return part;
            yield break;
        }
        if (type.IsGenericParameter) yield break;
        yield return type;
        if (!type.IsGenericType || type.IsGenericTypeDefinition) yield break;
        yield return type.GetGenericTypeDefinition();
        foreach (var argument in type.GetGenericArguments())
        foreach (var part in Parts(argument))
            yield return part;
    }

    private const BindingFlags Declared =
        BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    private static IEnumerable<(Type Used, string Where)> TypesUsedBy(Type type)
    {
        if (type.BaseType is { } baseType) yield return (baseType, "base");
        foreach (var contract in type.GetInterfaces()) yield return (contract, "interface");
        foreach (var argument in type.GetGenericArguments())
        foreach (var constraint in argument.GetGenericParameterConstraints())
            yield return (constraint, "constraint");
        foreach (var attribute in type.GetCustomAttributesData()) yield return (attribute.AttributeType, "attribute");
        foreach (var field in type.GetFields(Declared)) yield return (field.FieldType, field.Name);
        foreach (var property in type.GetProperties(Declared)) yield return (property.PropertyType, property.Name);
        foreach (var e in type.GetEvents(Declared)) yield return (e.EventHandlerType!, e.Name);
        foreach (var method in type.GetMethods(Declared).Cast<MethodBase>().Concat(type.GetConstructors(Declared)))
        {
            if (method is MethodInfo info) yield return (info.ReturnType, method.Name);
            foreach (var parameter in method.GetParameters()) yield return (parameter.ParameterType, method.Name);
            if (method.IsGenericMethodDefinition)
                foreach (var argument in method.GetGenericArguments())
                foreach (var constraint in argument.GetGenericParameterConstraints())
                    yield return (constraint, method.Name);
            if (method.GetMethodBody() is not { } body) continue;
            foreach (var local in body.LocalVariables) yield return (local.LocalType, method.Name);
            foreach (var used in Operands(method, body)) yield return (used, method.Name);
        }
    }

    /// <summary>The types an IL body names: the declaring types of the methods it calls and fields it touches, the types it makes or tests.</summary>
    private static IEnumerable<Type> Operands(MethodBase method, MethodBody body)
    {
        var il = body.GetILAsByteArray() ?? [];
        var typeArguments = method.DeclaringType is { IsGenericType: true } generic ? generic.GetGenericArguments() : null;
        var methodArguments = method.IsGenericMethod ? method.GetGenericArguments() : null;
        for (var i = 0; i < il.Length;)
        {
            var op = il[i] == 0xFE ? OpCodesByValue[(ushort)(0xFE00 | il[i + 1])] : OpCodesByValue[il[i]];
            i += op.Size;
            switch (op.OperandType)
            {
                case OperandType.InlineNone:
                    break;
                case OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar:
                    i += 1;
                    break;
                case OperandType.InlineVar:
                    i += 2;
                    break;
                case OperandType.InlineI8 or OperandType.InlineR:
                    i += 8;
                    break;
                case OperandType.InlineSwitch:
                    i += 4 + 4 * BitConverter.ToInt32(il, i);
                    break;
                case OperandType.InlineField or OperandType.InlineMethod or OperandType.InlineType or OperandType.InlineTok:
                    var member = method.Module.ResolveMember(BitConverter.ToInt32(il, i), typeArguments, methodArguments);
                    i += 4;
                    switch (member)
                    {
                        case Type t:
                            yield return t;
                            break;
                        case FieldInfo field:
                            yield return field.DeclaringType!;
                            yield return field.FieldType;
                            break;
                        case MethodBase called:
                            if (called.DeclaringType is { } declaring) yield return declaring;
                            if (called is MethodInfo { IsGenericMethod: true } genericCall)
                                foreach (var argument in genericCall.GetGenericArguments())
                                    yield return argument;
                            break;
                    }
                    break;
                default: // InlineI, InlineBrTarget, InlineString, InlineSig, ShortInlineR
                    i += 4;
                    break;
            }
        }
    }
}
