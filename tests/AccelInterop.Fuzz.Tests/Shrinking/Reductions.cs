using AccelInterop.Fuzz.Tests.Generation;

namespace AccelInterop.Fuzz.Tests.Shrinking;

/// <summary>
/// Smaller variants of a header, biggest cuts first: drop runs of declarations (halves, quarters, ...,
/// single ones, as delta debugging does), then replace a record by a tagged record defined inside it,
/// inside each declaration drop runs of members, and
/// finally switch single features off (an attribute, a #pragma pack, a guard, a macro-written tag, an
/// #if keeping one branch, an array dimension). A variant may not compile; the shrinker then rejects it.
/// </summary>
public static class Reductions
{
    public static IEnumerable<CHeader> Of(CHeader header)
    {
        foreach (var decls in Chunks(header.Decls))
        {
            yield return new CHeader(WithoutDangling(header.Decls, decls));
        }

        for (var i = 0; i < header.Decls.Count; i++)
        {
            foreach (var d in DeclVariants(header.Decls[i]))
            {
                yield return new CHeader(Replace(header.Decls, i, [d]));
            }
        }
    }

    private static IEnumerable<Decl> DeclVariants(Decl decl)
    {
        switch (decl)
        {
            case RecordDecl r:
                // A record defined inside another one (a tagged nested struct) on its own.
                foreach (var nested in TaggedBodies(r.Body.Members))
                {
                    yield return new RecordDecl(nested) { Guard = r.Guard };
                }

                foreach (var b in BodyVariants(r.Body))
                {
                    yield return r with { Body = b };
                }

                if (r.Guard != null)
                {
                    yield return r with { Guard = null };
                }

                if (r.PragmaPack != null)
                {
                    yield return r with { PragmaPack = null };
                }

                if (r.Paste != null)
                {
                    yield return r with { Paste = null, Body = r.Body with { Tag = r.Paste.Name } };
                }

                if (r.Typedef != null && (r.Body.Tag != null || r.Paste != null))
                {
                    yield return r with { Typedef = null };
                }

                break;
            case EnumDecl e:
                foreach (var list in Chunks(e.Enumerators).Where(l => l.Count > 0))
                {
                    yield return e with { Enumerators = list };
                }

                if (e.Guard != null)
                {
                    yield return e with { Guard = null };
                }

                if (e.Typedef != null)
                {
                    yield return e with { Typedef = null };
                }

                if (e.Paste != null)
                {
                    yield return e with { Paste = null, Tag = e.Paste.Name };
                }

                break;
            case MacroDecl m:
                if (m.ElseBody != null)
                {
                    yield return m with { ElseBody = null, Guard = null };
                }
                else if (m.Guard != null)
                {
                    yield return m with { Guard = null };
                }

                break;
        }
    }

    private static IEnumerable<RecordBody> BodyVariants(RecordBody body)
    {
        foreach (var members in MemberListVariants(body.Members))
        {
            yield return body with { Members = members };
        }

        if (body.Packed)
        {
            yield return body with { Packed = false };
        }

        if (body.Aligned != null)
        {
            yield return body with { Aligned = null };
        }

        if (body.Kind == RecordKind.Union)
        {
            yield return body with { Kind = RecordKind.Struct };
        }
    }

    private static IEnumerable<IReadOnlyList<Member>> MemberListVariants(IReadOnlyList<Member> members)
    {
        foreach (var list in Chunks(members))
        {
            yield return list;
        }

        for (var i = 0; i < members.Count; i++)
        {
            foreach (var replacement in MemberVariants(members[i]))
            {
                yield return Replace(members, i, replacement);
            }
        }
    }

    /// <summary>Replacements for one member (a list: an #if can be replaced by one branch's members).</summary>
    private static IEnumerable<IReadOnlyList<Member>> MemberVariants(Member member)
    {
        switch (member)
        {
            case ConditionalMember c:
                yield return c.Then;
                yield return c.Else;
                foreach (var t in MemberListVariants(c.Then))
                {
                    yield return [c with { Then = t }];
                }

                foreach (var e in MemberListVariants(c.Else))
                {
                    yield return [c with { Else = e }];
                }

                break;
            case NestedMember n:
                foreach (var b in BodyVariants(n.Body))
                {
                    yield return [n with { Body = b }];
                }

                if (n.Dims.Count > 0)
                {
                    yield return [n with { Dims = [] }];
                }

                if (n.Body.Tag != null)
                {
                    yield return [n with { Body = n.Body with { Tag = null } }];
                }

                break;
            case StructGroupMember g:
                foreach (var list in MemberListVariants(g.Members).Where(l => l.Count > 0))
                {
                    yield return [g with { Members = list }];
                }

                if (g.Tag != null)
                {
                    yield return [g with { Tag = null }];
                }

                break;
            case FieldMember f:
                if (f.Dims.Count > 0)
                {
                    yield return [f with { Dims = [] }];
                }

                if (f.Aligned != null)
                {
                    yield return [f with { Aligned = null }];
                }

                if (f.Packed)
                {
                    yield return [f with { Packed = false }];
                }

                break;
            case FlexMember x when x.ViaMacro:
                yield return [x with { ViaMacro = false }];
                break;
        }
    }

    /// <summary>
    /// What is left after a cut, minus every declaration that names something the cut removed (a
    /// member of a removed record's type, a request on it, a macro using a removed one), transitively:
    /// otherwise most cuts would not compile and delta debugging would barely shrink.
    /// </summary>
    private static IReadOnlyList<Decl> WithoutDangling(IReadOnlyList<Decl> all, IReadOnlyList<Decl> kept)
    {
        var keptSet = kept.ToHashSet(ReferenceEqualityComparer.Instance);
        var gone = all.Where(d => !keptSet.Contains(d)).SelectMany(Defines).ToHashSet(StringComparer.Ordinal);
        var result = kept.ToList();
        while (true)
        {
            var dangling = result.Where(d => Words(d).Overlaps(gone)).ToList();
            if (dangling.Count == 0)
            {
                return result;
            }

            foreach (var d in dangling)
            {
                result.Remove(d);
                gone.UnionWith(Defines(d));
            }
        }
    }

    /// <summary>The names a declaration defines (tags, typedefs, enumerators, macros).</summary>
    private static IEnumerable<string> Defines(Decl d) => d switch
    {
        RecordDecl r => HeaderProbe.Records(new CHeader([r])).Select(p => p.Key).Append(r.Typedef).OfType<string>(),
        EnumDecl e => e.Enumerators.Select(x => x.Name).Append(e.Tag).Append(e.Typedef).Append(e.Paste?.Name).OfType<string>(),
        MacroDecl m => [m.Name],
        _ => [],
    };

    private static HashSet<string> Words(Decl d) =>
        System.Text.RegularExpressions.Regex.Matches(HeaderWriter.Write(new CHeader([d])), "[A-Za-z_][A-Za-z0-9_]*")
            .Select(m => m.Value).ToHashSet(StringComparer.Ordinal);

    private static IEnumerable<RecordBody> TaggedBodies(IEnumerable<Member> members) =>
        members.SelectMany(m => m switch
        {
            NestedMember { Body.Tag: not null } n => TaggedBodies(n.Body.Members).Prepend(n.Body),
            NestedMember n => TaggedBodies(n.Body.Members),
            _ => [],
        });

    /// <summary>The list without one run of items: runs of half its length first, down to single items.</summary>
    private static IEnumerable<IReadOnlyList<T>> Chunks<T>(IReadOnlyList<T> items)
    {
        for (var size = Math.Max(1, items.Count / 2); ; size /= 2)
        {
            for (var start = 0; start < items.Count; start += size)
            {
                yield return [.. items.Take(start), .. items.Skip(start + size)];
            }

            if (size == 1)
            {
                yield break;
            }
        }
    }

    private static IReadOnlyList<T> Replace<T>(IReadOnlyList<T> items, int at, IReadOnlyList<T> with) =>
        [.. items.Take(at), .. with, .. items.Skip(at + 1)];
}
