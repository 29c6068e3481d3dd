namespace AccelInterop.Fuzz.Tests.Generation;

/// <summary>Which features a header (typically a shrunk one) actually uses: names the construct a reproducer needs.</summary>
public static class HeaderFeatures
{
    private static readonly HashSet<string> LongTypes = ["long", "unsigned long", "__kernel_long_t", "__kernel_ulong_t"];

    public static SortedSet<Feature> Of(CHeader header)
    {
        var used = new SortedSet<Feature>();
        var tags = header.Records.Select(r => r.Paste?.Name ?? r.Body.Tag).OfType<string>().ToHashSet();
        foreach (var d in header.Decls)
        {
            if (d.Guard != null)
            {
                used.Add(Feature.TargetDependentDecls);
            }

            switch (d)
            {
                case RecordDecl r: Of(r, tags, used); break;
                case EnumDecl e:
                    used.Add(Feature.Enums);
                    if (e.Paste != null)
                    {
                        used.Add(Feature.TokenPastedTags);
                    }

                    break;
                case MacroDecl m:
                    used.Add(m.Role switch
                    {
                        MacroRole.Constant => Feature.IntegerMacros,
                        MacroRole.Request => Feature.Requests,
                        MacroRole.LargeRequest => Feature.LargeRequests,
                        MacroRole.IocConstant => Feature.IocConstants,
                        MacroRole.EvalPrefix => Feature.EvalPrefixMacro,
                        MacroRole.RejectedLiteral => Feature.RejectedLiteral,
                        MacroRole.Unbalanced => Feature.UnbalancedMacro,
                        _ => Feature.HugeMacro,
                    });
                    break;
            }
        }
        return used;
    }

    public static SortedSet<Feature> Of(RecordDecl r, ISet<string>? tags = null, SortedSet<Feature>? used = null)
    {
        used ??= [];
        if (r.PragmaPack != null)
        {
            used.Add(Feature.PragmaPack);
        }

        if (r.Paste != null)
        {
            used.Add(Feature.TokenPastedTags);
        }

        if (r.Typedef != null && r.Body.Tag == null && r.Paste == null)
        {
            used.Add(tags != null && tags.Contains(r.Typedef) ? Feature.TypedefTagClash : Feature.TypedefRecords);
        }

        var name = r.Paste?.Name ?? r.Body.Tag ?? r.Typedef;
        if (name != null && HeaderGenerator.IsClashRecordName(name))
        {
            used.Add(Feature.CsNameClashes);
        }

        Body(r.Body, r.PragmaPack != null, 0, name, used);
        return used;
    }

    private static void Body(RecordBody b, bool pragma, int depth, string? record, SortedSet<Feature> used)
    {
        if (b.Packed)
        {
            used.Add(Feature.PackedRecords);
        }

        if (b.Aligned != null)
        {
            used.Add(Feature.AlignedAttributes);
        }

        if (depth > 32)
        {
            used.Add(Feature.DeepNesting);
        }

        Members(b.Members, b.Packed || pragma, pragma, depth, record, used);
    }

    private static void Members(IReadOnlyList<Member> members, bool packed, bool pragma, int depth, string? record, SortedSet<Feature> used)
    {
        if (packed && Straddles(members))
        {
            used.Add(Feature.StraddlingBitfields);
        }

        foreach (var m in members)
        {
            switch (m)
            {
                case FieldMember f:
                    if (f.Aligned != null || f.Type == "__aligned_u64")
                    {
                        used.Add(Feature.AlignedAttributes);
                    }

                    if (f.Packed)
                    {
                        used.Add(Feature.PackedRecords);
                    }

                    if (f.Type.StartsWith("struct ", StringComparison.Ordinal) || f.Type.StartsWith("union ", StringComparison.Ordinal))
                    {
                        used.Add(f.Dims.Count > 0 ? Feature.ArraysOfRecords : Feature.NestedRecords);
                    }

                    if (f.Type.StartsWith("enum ", StringComparison.Ordinal))
                    {
                        used.Add(Feature.Enums);
                    }

                    if (f.Type.Contains("long", StringComparison.Ordinal) && !f.Type.Contains("long long", StringComparison.Ordinal)
                        || f.Type.StartsWith("__kernel", StringComparison.Ordinal) || f.Type.Contains('*'))
                    {
                        used.Add(Feature.KernelTypes);
                    }

                    Name(f.Name, record, used);
                    break;
                case BitfieldMember bf:
                    used.Add(packed ? Feature.PackedBitfields : Feature.Bitfields);
                    if (LongTypes.Contains(bf.Type))
                    {
                        used.Add(Feature.LongBitfields);
                    }

                    Name(bf.Name, record, used);
                    break;
                case NestedMember n:
                    used.Add(n.Name != null ? Feature.NestedRecords : Feature.AnonymousMembers);
                    if (n.Dims.Count > 0)
                    {
                        used.Add(Feature.ArraysOfRecords);
                    }

                    Name(n.Name, record, used);
                    Body(n.Body, pragma, depth + 1, record, used);
                    break;
                case FlexMember x:
                    used.Add(Feature.FlexibleArrays);
                    Name(x.Name, record, used);
                    break;
                case ConditionalMember c:
                    used.Add(c.If.Contains("BITS_PER_LONG", StringComparison.Ordinal) ? Feature.TargetDependentMembers : Feature.ByteOrderMembers);
                    Members(c.Then, packed, pragma, depth, record, used);
                    Members(c.Else, packed, pragma, depth, record, used);
                    break;
                case StructGroupMember g:
                    used.Add(Feature.StructGroupTags);
                    Members(g.Members, false, pragma, depth + 1, record, used);
                    break;
                case UnionPairMember:
                    used.Add(Feature.StructGroupTags);
                    break;
            }
        }
    }

    /// <summary>
    /// Whether a packed body's bitfield runs cross a unit of their declared type or leave one partly
    /// filled (what <see cref="Feature.StraddlingBitfields"/> writes; <see cref="Feature.PackedBitfields"/> fills whole units).
    /// </summary>
    internal static bool Straddles(IReadOnlyList<Member> members)
    {
        var position = 0;
        var bits = 0;
        foreach (var m in members.Append(null))
        {
            if (m is BitfieldMember b && UnitBits(b.Type) is var unit && unit > 0)
            {
                if (b.Name == null || position % unit + b.Width > unit)
                {
                    return true;
                }

                position += b.Width;
                bits = unit;
                continue;
            }
            if (bits > 0 && position % bits != 0)
            {
                return true;
            }

            position = bits = 0;
        }
        return false;
    }

    private static int UnitBits(string type) => type switch
    {
        "__u8" or "__s8" or "unsigned char" or "char" => 8,
        "__u16" or "__s16" or "unsigned short" or "short" => 16,
        "__u64" or "__s64" => 64,
        _ => 32,
    };

    private static void Name(string? name, string? record, SortedSet<Feature> used)
    {
        if (name != null && (name == record || HeaderGenerator.ClashMemberNames.Contains(name)))
        {
            used.Add(Feature.CsNameClashes);
        }
    }
}
