using AccelInterop.Model;

namespace AccelInterop.Conformance.Diff;

/// <summary>
/// Compares one record between two models on one target: kind, size, alignment and every member
/// (matched by C path; an unmatched removed/added pair at the same place is a rename, or a reserved
/// member put to use). See docs/conformance.md for the classification.
/// </summary>
internal sealed class RecordDiffer(UapiModel oldModel, UapiModel newModel, string target)
{
    /// <summary>The changes, and whether the record only grew in a way old binaries survive.</summary>
    public (List<RawChange> Changes, bool CompatibleGrowth) Diff(RecordDecl oldRecord, RecordDecl newRecord)
    {
        var changes = new List<RawChange>();
        var id = newRecord.Id;
        var oldSize = oldRecord.Size.For(target);
        var newSize = newRecord.Size.For(target);
        var extensible = Extensibility.Why(newModel, newRecord, target);
        void Add(ChangeKind kind, bool ok, string? member, string detail, int line) =>
            changes.Add(new RawChange(kind, ok, id, member, detail,
                line > 0 ? new SourceLocation(newRecord.Location.File, line) : newRecord.Location));
        void AddOld(ChangeKind kind, bool ok, string? member, string detail, int line) =>
            changes.Add(new RawChange(kind, ok, id, member, detail,
                line > 0 ? new SourceLocation(oldRecord.Location.File, line) : oldRecord.Location));

        if (oldRecord.Kind != newRecord.Kind)
        {
            Add(ChangeKind.RecordKindChanged, false, null, $"changed from {Kw(oldRecord)} to {Kw(newRecord)}", 0);
        }

        var oldMembers = MemberFlattener.Flatten(oldModel, oldRecord, target);
        var newMembers = MemberFlattener.Flatten(newModel, newRecord, target);
        var oldByPath = oldMembers.GroupBy(m => m.Path).ToDictionary(g => g.Key, g => g.First());
        var newByPath = newMembers.GroupBy(m => m.Path).ToDictionary(g => g.Key, g => g.First());
        var removed = oldMembers.Where(m => !newByPath.ContainsKey(m.Path)).ToList();
        var added = newMembers.Where(m => !oldByPath.ContainsKey(m.Path)).ToList();
        var reservedRegions = oldMembers.Where(m => m.IsReserved).ToList();

        // Renames: a removed and an added member in exactly the same bits.
        foreach (var r in removed.ToList())
        {
            var a = added.FirstOrDefault(x => x.BitOffset == r.BitOffset && x.BitSize == r.BitSize && x.BitWidth == r.BitWidth);
            if (a == null)
            {
                continue;
            }

            removed.Remove(r);
            added.Remove(a);
            if (r.IsReserved)
            {
                Add(ChangeKind.ReservedMemberUsed, true, a.Path, $"reserved member {r.Path} ({r.Canonical}) is now {a.Path} ({a.Canonical})", a.Line);
            }
            else
            {
                Add(ChangeKind.MemberRenamed, true, a.Path, $"member {r.Path} renamed to {a.Path} (same place and size; source-incompatible only)", a.Line);
            }
        }

        // New members carved out of a reserved member's bytes.
        foreach (var a in added.ToList())
        {
            if (Within(a, reservedRegions) is not { } pad)
            {
                continue;
            }

            added.Remove(a);
            Add(ChangeKind.ReservedMemberUsed, true, a.Path, $"new member {a.Path} ({a.Canonical}) takes bytes of reserved member {pad.Path}", a.Line);
        }

        foreach (var a in added)
        {
            var alias = oldMembers.FirstOrDefault(o => o.BitOffset == a.BitOffset && o.BitSize == a.BitSize
                                                       && newByPath.TryGetValue(o.Path, out var still) && still.BitOffset == o.BitOffset);
            if (alias != null)
            {
                Add(ChangeKind.MemberAdded, true, a.Path, $"member {a.Path} ({a.Canonical}) added over the same bytes as {alias.Path} (a union alias)", a.Line);
            }
            else if (a.BitEnd <= oldSize * 8 && !oldMembers.Any(o => Overlaps(o, a)))
            {
                Add(ChangeKind.MemberAdded, true, a.Path, $"member {a.Path} ({a.Canonical}) at offset {Bits.Offset(a.BitOffset)} names bytes that were implicit padding", a.Line);
            }
            else if (a.BitOffset >= oldSize * 8)
            {
                Add(ChangeKind.MemberAdded, extensible != null, a.Path,
                    $"member {a.Path} ({a.Canonical}) appended at offset {Bits.Offset(a.BitOffset)}" +
                    (extensible != null ? $" of an extensible struct ({extensible})" : ""), a.Line);
            }
            else
            {
                Add(ChangeKind.MemberAdded, false, a.Path, $"member {a.Path} ({a.Canonical}) inserted at offset {Bits.Offset(a.BitOffset)}", a.Line);
            }
        }

        foreach (var r in removed)
        {
            var overlapping = newMembers.Where(n => Overlaps(n, r)).ToList();
            var ok = r.IsReserved && overlapping.All(n => n.BitOffset >= r.BitOffset && n.BitEnd <= r.BitEnd);
            var now = overlapping.Count > 0 ? "its bytes are used by new members" : "its bytes are implicit padding now";
            AddOld(ChangeKind.MemberRemoved, ok, r.Path,
                ok ? $"reserved member {r.Path} ({r.Canonical}) removed; {now}"
                   : $"member {r.Path} ({r.Canonical}) at offset {Bits.Offset(r.BitOffset)} removed", r.Line);
        }

        foreach (var o in oldMembers)
        {
            if (!newByPath.TryGetValue(o.Path, out var n))
            {
                continue;
            }

            var shrunkReserve = o.IsReserved && n.BitOffset >= o.BitOffset && n.BitEnd <= o.BitEnd;
            if (o.BitWidth != null || n.BitWidth != null)
            {
                if (o.BitOffset != n.BitOffset || o.BitWidth != n.BitWidth)
                {
                    Add(ChangeKind.BitfieldChanged, shrunkReserve, n.Path,
                        $"bitfield moved from bit {o.BitOffset} width {o.BitWidth?.ToString() ?? "-"} to bit {n.BitOffset} width {n.BitWidth?.ToString() ?? "-"}", n.Line);
                }
            }
            else if (o.BitOffset != n.BitOffset)
            {
                Add(ChangeKind.MemberOffsetChanged, shrunkReserve, n.Path, $"offset changed from {Bits.Offset(o.BitOffset)} to {Bits.Offset(n.BitOffset)}", n.Line);
            }

            if (o.Canonical != n.Canonical)
            {
                if (MemberFlattener.DifferOnlyInSign(o.Canonical, n.Canonical) && o.BitSize == n.BitSize)
                {
                    Add(ChangeKind.MemberSignednessChanged, false, n.Path, $"signedness changed: {o.Declared} ({o.Canonical}) to {n.Declared} ({n.Canonical})", n.Line);
                }
                else if (o.BitSize != n.BitSize)
                {
                    Add(ChangeKind.MemberSizeChanged, shrunkReserve, n.Path,
                        $"type changed from {o.Canonical} to {n.Canonical}, size from {Bits.Size(o.BitSize)} to {Bits.Size(n.BitSize)}", n.Line);
                }
                else
                {
                    Add(ChangeKind.MemberTypeChanged, false, n.Path, $"type changed from {o.Canonical} to {n.Canonical}", n.Line);
                }
            }
            else if (o.BitSize != n.BitSize)
            {
                Add(ChangeKind.MemberSizeChanged, shrunkReserve, n.Path, $"size changed from {Bits.Size(o.BitSize)} to {Bits.Size(n.BitSize)} ({n.Canonical})", n.Line);
            }
            else if (!o.Declared.Equals(n.Declared))
            {
                Add(ChangeKind.MemberTypeRespelled, true, n.Path, $"declared type {o.Declared} is now {n.Declared} (same type: {n.Canonical})", n.Line);
            }
        }

        var membersOk = changes.All(c => c.IsCompatible);
        var growth = false;
        if (oldSize != newSize)
        {
            growth = newSize > oldSize && extensible != null && membersOk;
            Add(ChangeKind.RecordSizeChanged, growth, null,
                $"size changed from {oldSize} to {newSize} bytes" + (growth ? $" (grew at the end of an extensible {Kw(newRecord)}: {extensible})" : ""), 0);
        }
        var oldAlign = oldRecord.Align.For(target);
        var newAlign = newRecord.Align.For(target);
        if (oldAlign != newAlign)
        {
            Add(ChangeKind.RecordAlignmentChanged, true, null,
                $"alignment changed from {oldAlign} to {newAlign} (its own layout is unchanged; records that embed it are compared on their own)", 0);
        }

        return (changes, growth || oldSize == newSize && changes.All(c => c.IsCompatible));
    }

    private static string Kw(RecordDecl r) => r.Kind == RecordKind.Union ? "union" : "struct";

    private static bool Overlaps(FlatMember a, FlatMember b) => a.BitOffset < b.BitEnd && b.BitOffset < a.BitEnd;

    private static FlatMember? Within(FlatMember m, IEnumerable<FlatMember> regions) =>
        regions.FirstOrDefault(r => m.BitOffset >= r.BitOffset && m.BitEnd <= r.BitEnd && m.BitSize > 0);
}
