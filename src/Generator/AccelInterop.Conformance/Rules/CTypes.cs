using AccelInterop.Model;

namespace AccelInterop.Conformance.Rules;

/// <summary>Facts about C types the rules need, read through the model's typedef chains.</summary>
public static class CTypes
{
    /// <summary>uAPI typedefs whose width is fixed on every architecture, whatever builtin they end in.</summary>
    private static readonly HashSet<string> FixedWidthTypedefs = new(StringComparer.Ordinal)
    {
        "__u8", "__s8", "__u16", "__s16", "__u32", "__s32", "__u64", "__s64",
        "__le16", "__le32", "__le64", "__be16", "__be32", "__be64",
        "__aligned_u64", "__aligned_s64", "__aligned_le64", "__aligned_be64",
        "uint8_t", "int8_t", "uint16_t", "int16_t", "uint32_t", "int32_t", "uint64_t", "int64_t",
    };

    /// <summary>
    /// Why the type's size depends on the architecture on <paramref name="target"/> (the chain,
    /// e.g. <c>__kernel_size_t → unsigned long</c>, or <c>pointer</c>), or null when it does not.
    /// A fixed-width uAPI typedef on the way (<c>__u64</c>, which is <c>unsigned long</c> on
    /// powerpc64) makes it fixed.
    /// </summary>
    public static string? ArchitectureDependence(UapiModel model, TypeRef type, string target)
    {
        var chain = new List<string>();
        for (var depth = 0; depth < 64; depth++)
        {
            switch (type.Kind)
            {
                case TypeRefKind.Pointer:
                    chain.Add(type.ToString());
                    return string.Join(" → ", chain);
                case TypeRefKind.Builtin when type.Name is "long" or "unsigned long" or "long double":
                    chain.Add(type.Name);
                    return string.Join(" → ", chain);
                case TypeRefKind.Typedef:
                    if (FixedWidthTypedefs.Contains(type.Name!))
                    {
                        return null;
                    }

                    chain.Add(type.Name!);
                    if (model.FindTypedef(type.Name!) is not { } td || !td.Underlying.TryGet(target, out var next))
                    {
                        return null;
                    }

                    type = next;
                    continue;
                default:
                    return null;
            }
        }
        return null;
    }

    /// <summary>The type with typedefs and arrays stripped (the element type of <c>__u32[4]</c> is <c>__u32</c>).</summary>
    public static TypeRef Element(UapiModel model, TypeRef type, string target)
    {
        for (var depth = 0; depth < 64; depth++)
        {
            type = model.Resolve(type, target);
            if (type.Kind != TypeRefKind.Array)
            {
                return type;
            }

            type = type.Element!;
        }
        return type;
    }

    /// <summary>Whether the member's type is (an array of) a 64-bit integer.</summary>
    public static bool Is64BitInteger(UapiModel model, FieldDecl field, string target)
    {
        var element = Element(model, field.Type, target);
        return element.Kind == TypeRefKind.Builtin
               && element.Name is "long long" or "unsigned long long" or "long" or "unsigned long"
               && ElementSize(model, field, target) == 8;
    }

    private static long ElementSize(UapiModel model, FieldDecl field, string target)
    {
        var t = model.Resolve(field.Type, target);
        var size = field.Size.For(target);
        while (t.Kind == TypeRefKind.Array && t.Length is { } n && n > 0)
        {
            size /= n;
            t = model.Resolve(t.Element!, target);
        }
        return size;
    }

    /// <summary>A type's size on the target where the model knows it (records and arrays of them, through typedefs).</summary>
    public static long? SizeOf(UapiModel model, TypeRef type, string target)
    {
        var resolved = model.Resolve(type, target);
        return resolved.Kind switch
        {
            TypeRefKind.Record => model.FindRecord(resolved.Name!) is { } r && r.ExistsOn(target) ? r.Size.For(target) : null,
            TypeRefKind.Array when resolved.Length is long n && SizeOf(model, resolved.Element!, target) is long e => n * e,
            _ => null,
        };
    }
}
