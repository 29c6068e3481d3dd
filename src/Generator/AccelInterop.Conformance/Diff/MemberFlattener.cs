using AccelInterop.Model;

namespace AccelInterop.Conformance.Diff;

/// <summary>Flattens a record into <see cref="FlatMember"/>s for one target, and spells canonical types.</summary>
public static class MemberFlattener
{
    public static List<FlatMember> Flatten(UapiModel model, RecordDecl record, string target)
    {
        var list = new List<FlatMember>();
        Walk(model, record, target, "", 0, list, 0);
        return list;
    }

    private static void Walk(UapiModel model, RecordDecl record, string target, string prefix, long baseBits, List<FlatMember> list, int depth)
    {
        if (depth > 32)
        {
            return;
        }

        foreach (var f in record.FieldsOn(target))
        {
            var offsetBits = baseBits + (f.Bitfield is { } bf ? bf.BitOffset.For(target) : f.Offset.For(target) * 8);
            var resolved = model.Resolve(f.Type, target);
            var anonymousType = resolved.Kind == TypeRefKind.Record && model.FindRecord(resolved.Name!) is { IsAnonymous: true };
            if (f.Name == null)
            {
                if (anonymousType)
                {
                    Walk(model, model.FindRecord(resolved.Name!)!, target, prefix, offsetBits, list, depth + 1);
                }

                continue;
            }
            var path = prefix + f.Name;
            var size = f.Bitfield is { } b ? b.BitWidth : f.Size.For(target) * 8;
            list.Add(new FlatMember(path, offsetBits, size, f.Type, Canonical(model, f.Type, target), f.Bitfield?.BitWidth, f.Line, list.Count));
            if (anonymousType)
            {
                Walk(model, model.FindRecord(resolved.Name!)!, target, path + ".", offsetBits, list, depth + 1);
            }
        }
    }

    /// <summary>The type with typedefs resolved: <c>unsigned int</c>, <c>struct foo</c>, <c>unsigned int[4]</c>, <c>char *</c>.</summary>
    public static string Canonical(UapiModel model, TypeRef type, string target, int depth = 0)
    {
        if (depth > 32)
        {
            return "?";
        }

        type = model.Resolve(type, target);
        switch (type.Kind)
        {
            case TypeRefKind.Array:
                return $"{Canonical(model, type.Element!, target, depth + 1)}[{type.Length}]";
            case TypeRefKind.Pointer:
                return $"{Canonical(model, type.Element!, target, depth + 1)} *";
            case TypeRefKind.Record:
                var r = model.FindRecord(type.Name!);
                if (r == null)
                {
                    return "struct " + type.Name;
                }

                var kw = r.Kind == RecordKind.Union ? "union" : "struct";
                return r.IsAnonymous ? $"{kw} <anonymous>" : r.Tag != null ? $"{kw} {r.Tag}" : r.TypedefName!;
            case TypeRefKind.Enum:
                var e = model.FindEnum(type.Name!);
                return e?.Tag != null ? "enum " + e.Tag : e?.TypedefName ?? "enum <anonymous>";
            default:
                return type.Name ?? "?";
        }
    }

    /// <summary>
    /// Whether two canonical integer types differ only in signedness (<c>int</c> / <c>unsigned int</c>,
    /// also as array elements).
    /// </summary>
    public static bool DifferOnlyInSign(string a, string b)
    {
        static string Strip(string s) => s.Replace("unsigned ", "", StringComparison.Ordinal).Replace("signed ", "", StringComparison.Ordinal);
        return a != b && Strip(a) == Strip(b);
    }
}
