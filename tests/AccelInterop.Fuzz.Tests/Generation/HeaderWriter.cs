using System.Text;

namespace AccelInterop.Fuzz.Tests.Generation;

/// <summary>Writes a <see cref="CHeader"/> as C, the way uAPI headers are written.</summary>
public static class HeaderWriter
{
    private const string Prelude = """
        #ifndef FZ_H
        #define FZ_H
        #include <linux/types.h>
        #include <linux/ioctl.h>
        #include <linux/stddef.h>
        #include <asm/byteorder.h>

        """;

    public static string Write(CHeader header)
    {
        var c = new StringBuilder(Prelude);
        foreach (var decl in header.Decls)
        {
            if (decl.Guard != null && decl is not MacroDecl { ElseBody: not null })
            {
                c.Append($"#if {decl.Guard}\n");
            }

            switch (decl)
            {
                case RecordDecl r: WriteRecord(c, r); break;
                case EnumDecl e: WriteEnum(c, e); break;
                case MacroDecl m: WriteMacro(c, m); break;
            }
            if (decl.Guard != null && decl is not MacroDecl { ElseBody: not null })
            {
                c.Append("#endif\n");
            }
        }
        c.Append("\n#endif\n");
        return c.ToString();
    }

    private static void WriteMacro(StringBuilder c, MacroDecl m)
    {
        if (m.ElseBody == null)
        {
            c.Append($"#define {m.Name} {m.Body}\n");
            return;
        }
        c.Append($"#if {m.Guard}\n#define {m.Name} {m.Body}\n#else\n#define {m.Name} {m.ElseBody}\n#endif\n");
    }

    private static void WriteRecord(StringBuilder c, RecordDecl r)
    {
        foreach (var pair in UnionPairs(r.Body.Members))
        {
            c.Append($"#define {pair.Macro}(a, b) union {{ __u32 a; __u16 a##_lo; }}; union {{ __u64 b; __u8 b##_hi; }}\n");
        }

        if (r.PragmaPack is { } pack)
        {
            c.Append($"#pragma pack(push, {pack})\n");
        }

        var typedef = r.Typedef != null ? "typedef " : "";
        var name = r.Typedef != null ? " " + r.Typedef : "";
        if (r.Paste is { } paste)
        {
            var body = new StringBuilder();
            WriteMembers(body, r.Body.Members, 0, oneLine: true);
            c.Append($"#define {paste.Macro}(n) {r.Body.Keyword} n##{paste.Suffix} {{{body} }}{Attributes(r.Body)}\n");
            c.Append($"{typedef}{paste.Macro}({paste.Stem}){name};\n");
        }
        else
        {
            c.Append($"{typedef}{r.Body.Keyword} {(r.Body.Tag != null ? r.Body.Tag + " " : "")}{{\n");
            WriteMembers(c, r.Body.Members, 1, oneLine: false);
            c.Append($"}}{Attributes(r.Body)}{name};\n");
        }
        if (r.PragmaPack != null)
        {
            c.Append("#pragma pack(pop)\n");
        }
    }

    private static string Attributes(RecordBody b) =>
        (b.Packed, b.Aligned) switch
        {
            (true, { } n) => $" __attribute__((packed, aligned({n})))",
            (true, null) => " __attribute__((packed))",
            (false, { } n) => $" __attribute__((aligned({n})))",
            _ => "",
        };

    private static void WriteMembers(StringBuilder c, IReadOnlyList<Member> members, int depth, bool oneLine)
    {
        foreach (var m in members)
        {
            if (m is ConditionalMember cond)
            {
                if (oneLine)
                {
                    throw new InvalidOperationException("a preprocessor block cannot be inside a macro body");
                }

                c.Append($"#if {cond.If}\n");
                WriteMembers(c, cond.Then, depth, oneLine);
                if (cond.ElseIf != null)
                {
                    c.Append($"#elif {cond.ElseIf}\n");
                }
                else
                {
                    c.Append("#else\n");
                }

                WriteMembers(c, cond.Else, depth, oneLine);
                if (cond.ElseIf != null)
                {
                    c.Append("#else\n#error \"unknown byte order\"\n");
                }

                c.Append("#endif\n");
                continue;
            }
            c.Append(oneLine ? " " : new string('\t', depth));
            WriteMember(c, m, depth, oneLine);
            if (!oneLine)
            {
                c.Append('\n');
            }
        }
    }

    private static void WriteMember(StringBuilder c, Member m, int depth, bool oneLine)
    {
        switch (m)
        {
            case FieldMember f:
                c.Append($"{f.Type} {f.Name}{Dims(f.Dims)}");
                if (f.Aligned is { } align)
                {
                    c.Append($" __attribute__((aligned({align})))");
                }

                if (f.Packed)
                {
                    c.Append(" __attribute__((packed))");
                }

                c.Append(';');
                break;
            case BitfieldMember b:
                c.Append(b.Name != null ? $"{b.Type} {b.Name}:{b.Width};" : $"{b.Type} :{b.Width};");
                break;
            case FlexMember x:
                c.Append(x.ViaMacro ? $"__DECLARE_FLEX_ARRAY({x.Type}, {x.Name});" : $"{x.Type} {x.Name}[];");
                break;
            case NestedMember n:
                c.Append($"{n.Body.Keyword} {(n.Body.Tag != null ? n.Body.Tag + " " : "")}{{");
                c.Append(oneLine ? "" : "\n");
                WriteMembers(c, n.Body.Members, depth + 1, oneLine);
                c.Append(oneLine ? " }" : new string('\t', depth) + "}");
                c.Append(Attributes(n.Body));
                c.Append(n.Name != null ? $" {n.Name}{Dims(n.Dims)};" : ";");
                break;
            case StructGroupMember g:
                var inner = new StringBuilder();
                WriteMembers(inner, g.Members, 0, oneLine: true);
                c.Append($"__struct_group({g.Tag}, {g.Name}, ,{inner});");
                break;
            case UnionPairMember p:
                c.Append($"{p.Macro}({p.A}, {p.B});");
                break;
            default:
                throw new InvalidOperationException($"unknown member {m.GetType().Name}");
        }
    }

    private static string Dims(IReadOnlyList<int> dims) => string.Concat(dims.Select(d => $"[{d}]"));

    private static void WriteEnum(StringBuilder c, EnumDecl e)
    {
        var typedef = e.Typedef != null ? "typedef " : "";
        var name = e.Typedef != null ? " " + e.Typedef : "";
        if (e.Paste is { } paste)
        {
            var list = string.Join(", ", e.Enumerators.Select(x =>
                $"n##{x.Name[paste.Stem.Length..]}{(x.Value != null ? " = " + x.Value : "")}"));
            c.Append($"#define {paste.Macro}(n) enum n##{paste.Suffix} {{ {list} }}\n");
            c.Append($"{typedef}{paste.Macro}({paste.Stem}){name};\n");
            return;
        }
        c.Append($"{typedef}enum {(e.Tag != null ? e.Tag + " " : "")}{{\n");
        foreach (var x in e.Enumerators)
        {
            c.Append($"\t{x.Name}{(x.Value != null ? " = " + x.Value : "")},\n");
        }

        c.Append($"}}{name};\n");
    }

    /// <summary>The two-union macros a record body uses, at any depth.</summary>
    public static IEnumerable<UnionPairMember> UnionPairs(IEnumerable<Member> members) =>
        members.SelectMany(m => m switch
        {
            UnionPairMember p => [p],
            NestedMember n => UnionPairs(n.Body.Members),
            ConditionalMember c => UnionPairs(c.Then).Concat(UnionPairs(c.Else)),
            StructGroupMember g => UnionPairs(g.Members),
            _ => [],
        });
}
