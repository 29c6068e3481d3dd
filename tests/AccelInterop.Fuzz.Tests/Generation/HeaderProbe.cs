using AccelInterop.Testing.CTruth;

namespace AccelInterop.Fuzz.Tests.Generation;

/// <summary>
/// What to ask the compilers about a generated header: every record it defines (top-level, nested with a
/// tag, written by a macro) under the key <c>accelgen facts</c> uses, and every macro and enumerator.
/// Which of them exist on a target, and all values, come from the compiler.
/// </summary>
public static class HeaderProbe
{
    /// <summary>The key of a typedef'd record whose name is also a tag: facts cannot key both by the name (docs/model.md).</summary>
    public const string TypedefClashSuffix = "@typedef";

    public static ProbeInput Input(CHeader header, string directory, Func<string, IReadOnlyList<string>> includeDirsFor) =>
        new(directory, CHeader.FileName, Records(header), Constants(header)) { IncludeDirsFor = includeDirsFor };

    public static IReadOnlyList<ProbeRecord> Records(CHeader header)
    {
        var tagged = new List<ProbeRecord>();
        var typedefs = new List<ProbeRecord>();
        foreach (var r in header.Records)
        {
            var tag = r.Paste?.Name ?? r.Body.Tag;
            if (tag != null)
            {
                tagged.Add(new ProbeRecord(tag, $"{r.Body.Keyword} {tag}"));
            }
            else if (r.Typedef != null)
            {
                typedefs.Add(new ProbeRecord(r.Typedef, r.Typedef));
            }

            tagged.AddRange(NestedTags(r.Body.Members));
        }
        var keys = tagged.Select(t => t.Key).ToHashSet();
        return [.. tagged, .. typedefs.Select(t => keys.Contains(t.Key) ? t with { Key = t.Key + TypedefClashSuffix } : t)];
    }

    private static IEnumerable<ProbeRecord> NestedTags(IEnumerable<Member> members) =>
        members.SelectMany(m => m switch
        {
            NestedMember { Body.Tag: { } tag } n => NestedTags(n.Body.Members).Prepend(new ProbeRecord(tag, $"{n.Body.Keyword} {tag}")),
            NestedMember n => NestedTags(n.Body.Members),
            StructGroupMember { Tag: { } tag } g => NestedTags(g.Members).Prepend(new ProbeRecord(tag, $"struct {tag}")),
            StructGroupMember g => NestedTags(g.Members),
            ConditionalMember c => NestedTags(c.Then).Concat(NestedTags(c.Else)).DistinctBy(r => r.Key),
            _ => [],
        });

    /// <summary>Macros and enumerators the compiler is asked about (those that could swallow the rest of the probe last).</summary>
    public static IReadOnlyList<string> Constants(CHeader header) =>
        header.Decls.SelectMany(d => d switch
        {
            MacroDecl m when m.Probed && !m.ProbedLast => [m.Name],
            EnumDecl e => e.Enumerators.Select(x => x.Name),
            _ => [],
        }).Concat(header.Decls.OfType<MacroDecl>().Where(m => m.Probed && m.ProbedLast).Select(m => m.Name)).Distinct().ToList();

    /// <summary>Every name the header defines: an extra record or constant in accelgen's output counts only when it is one of these.</summary>
    public static HashSet<string> Names(CHeader header)
    {
        var names = Records(header).Select(r => r.Key).ToHashSet(StringComparer.Ordinal);
        foreach (var d in header.Decls)
        {
            if (d is MacroDecl m)
            {
                names.Add(m.Name);
            }

            if (d is EnumDecl e)
            {
                names.UnionWith(e.Enumerators.Select(x => x.Name));
            }
        }
        return names;
    }

    /// <summary>The macros written as ioctl requests (a difference in them is a request mismatch, not a constant one).</summary>
    public static HashSet<string> Requests(CHeader header) =>
        header.Decls.OfType<MacroDecl>().Where(m => m.IsRequest).Select(m => m.Name).ToHashSet(StringComparer.Ordinal);
}
