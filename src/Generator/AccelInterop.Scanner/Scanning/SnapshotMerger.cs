using System.Numerics;
using AccelInterop.Model;

namespace AccelInterop.Scanner.Scanning;

/// <summary>
/// Merges per-target snapshots into one model: a symbol's per-target values collapse to one
/// where targets agree, and stay per target (marked) where they differ. Symbols missing on
/// some targets carry the list of targets they exist on.
/// </summary>
public static class SnapshotMerger
{
    /// <param name="includes">The preludes the scan included before the headers (model paths).</param>
    public static UapiModel Merge(IReadOnlyList<TargetSnapshot> snapshots, IReadOnlyList<HeaderRef> headers,
        IReadOnlyList<string> includes, SourcePackage? source)
    {
        var targets = snapshots.Select(s => s.Target).ToList();
        var diagnostics = new List<ModelDiagnostic>();
        foreach (var s in snapshots)
        {
            diagnostics.AddRange(s.Diagnostics);
        }

        var typedefs = MergeAll(snapshots, s => s.Typedefs, (name, present, all) =>
            new TypedefDecl(name, present[0].Value.Location, TargetList(present, all),
                PerTarget<TypeRef>.From(present.Select(p => Kv(p.Key, p.Value.Underlying)))));

        var records = MergeAll(snapshots, s => s.Records, (id, present, all) => MergeRecord(id, present, all, diagnostics));

        var enums = MergeAll(snapshots, s => s.Enums, (id, present, all) =>
        {
            var first = present[0].Value;
            var comparable = present.Where(p => p.Value.Enumerators.Select(e => e.Name).SequenceEqual(first.Enumerators.Select(e => e.Name))).ToList();
            foreach (var p in present.Except(comparable))
            {
                diagnostics.Add(Divergence(first.Location, $"enum '{id}' has different enumerators on {p.Key} than on {present[0].Key}; the model keeps {present[0].Key}'s", p.Key));
            }

            var items = first.Enumerators.Select((e, i) => new Enumerator(e.Name,
                PerTarget<BigInteger>.From(comparable.Select(p => Kv(p.Key, p.Value.Enumerators[i].Value))), e.Line)).ToList();
            return new EnumDecl(id, first.Tag, first.TypedefName, first.Location, TargetList(present, all),
                PerTarget<string>.From(present.Select(p => Kv(p.Key, p.Value.IntegerType))), items);
        });

        var constants = MergeAll(snapshots, s => s.Constants, (name, present, all) =>
            new ConstantDecl(name, present[0].Value.Location, TargetList(present, all),
                PerTarget<string>.From(present.Select(p => Kv(p.Key, p.Value.CType))),
                PerTarget<BigInteger>.From(present.Select(p => Kv(p.Key, p.Value.Value)))));

        var ioctls = MergeAll(snapshots, s => s.Ioctls, (name, present, all) =>
        {
            var first = present[0].Value;
            foreach (var p in present.Skip(1))
            {
                if (p.Value.Direction != first.Direction)
                {
                    diagnostics.Add(Divergence(first.Location, $"ioctl '{name}' has direction {p.Value.Direction} on {p.Key} but {first.Direction} on {present[0].Key}", p.Key));
                }

                if (!Equals(p.Value.Argument, first.Argument))
                {
                    diagnostics.Add(Divergence(first.Location, $"ioctl '{name}' names argument {p.Value.Argument} on {p.Key} but {first.Argument} on {present[0].Key}", p.Key));
                }
            }
            return new IoctlDecl(name, first.Location, TargetList(present, all), first.Direction,
                Per(present, x => x.Type), Per(present, x => x.Number), Per(present, x => x.Size),
                PerTarget<BigInteger>.From(present.Select(p => Kv(p.Key, p.Value.Request))), first.Argument);
        });

        return new UapiModel(source, WithCallerIncludes(headers, snapshots, ioctls), includes, snapshots.Select(s => s.Abi).ToList(),
            typedefs, records, enums, constants, ioctls, Dedupe(diagnostics, targets.Count));
    }

    /// <summary>
    /// Marks the headers whose requests only evaluated because the scan included the caller's
    /// <c>linux/ioctl.h</c> (no header of the scan defined <c>_IOC</c> on some target).
    /// </summary>
    private static IReadOnlyList<HeaderRef> WithCallerIncludes(IReadOnlyList<HeaderRef> headers,
        IReadOnlyList<TargetSnapshot> snapshots, IReadOnlyList<IoctlDecl> ioctls)
    {
        if (!snapshots.Any(s => s.IncludedCallerIoctl))
        {
            return headers;
        }

        var withRequests = new HashSet<string>(ioctls.Select(i => i.Location.File), StringComparer.Ordinal);
        return headers.Select(h => withRequests.Contains(h.Path)
            ? new HeaderRef(h.Path, h.Sha256, [EvaluationUnit.CallerIoctlHeader])
            : h).ToList();
    }

    private static RecordDecl MergeRecord(string id, List<KeyValuePair<string, RecordSnapshot>> present, int all,
        List<ModelDiagnostic> diagnostics)
    {
        var first = present[0].Value;
        // Targets with the same members (names, types, widths) share one list; the first target's group
        // is "fields", every other group's list is kept for each of its targets, so no target is described
        // by another's members (the iphdr pattern: bitfield order under a byte-order #if).
        var groups = present.GroupBy(p => Shape(p.Value), ShapeComparer.Instance).Select(g => g.ToList()).ToList();
        Dictionary<string, IReadOnlyList<FieldDecl>>? byTarget = null;
        foreach (var group in groups.Skip(1))
        {
            var own = Fields(group);
            byTarget ??= new Dictionary<string, IReadOnlyList<FieldDecl>>(StringComparer.Ordinal);
            foreach (var p in group)
            {
                byTarget[p.Key] = own;
                diagnostics.Add(Divergence(first.Location,
                    $"record '{id}' has different members on {p.Key} than on {present[0].Key}; the model keeps each target's members", p.Key));
            }
        }
        return new RecordDecl(id, first.Kind, first.Tag, first.TypedefName, first.Parent, first.Location,
            TargetList(present, all), Per(present, r => r.Size), Per(present, r => r.Align), first.IsPacked, Fields(groups[0]), byTarget);
    }

    private static List<(string? Name, TypeRef Type, int? BitWidth)> Shape(RecordSnapshot r) =>
        r.Fields.Select(f => (f.Name, f.Type, f.BitWidth)).ToList();

    /// <summary>The merged members of targets whose member lists agree.</summary>
    private static List<FieldDecl> Fields(List<KeyValuePair<string, RecordSnapshot>> comparable)
    {
        var first = comparable[0].Value;
        var fields = new List<FieldDecl>();
        for (var i = 0; i < first.Fields.Count; i++)
        {
            var index = i;
            var f = first.Fields[i];
            var offsetBits = comparable.Select(p => Kv(p.Key, p.Value.Fields[index].OffsetBits)).ToList();
            var sizes = comparable.Select(p => Kv(p.Key, p.Value.Fields[index].Size)).ToList();
            BitfieldLayout? bits = null;
            PerTarget<long> offset;
            if (f.BitWidth is int width)
            {
                bits = new BitfieldLayout(PerTarget<long>.From(offsetBits), width);
                // A bitfield's byte offset is its storage unit's: the declared type's size,
                // aligned down, unless the field straddles it (packed records), then its first byte.
                offset = PerTarget<long>.From(offsetBits.Zip(sizes, (o, s) => Kv(o.Key, StorageOffset(o.Value, s.Value, width))));
            }
            else
            {
                offset = PerTarget<long>.From(offsetBits.Select(o => Kv(o.Key, o.Value / 8)));
            }

            fields.Add(new FieldDecl(f.Name, f.Type, f.Line, offset, PerTarget<long>.From(sizes), bits));
        }
        return fields;
    }

    private sealed class ShapeComparer : IEqualityComparer<List<(string? Name, TypeRef Type, int? BitWidth)>>
    {
        public static readonly ShapeComparer Instance = new();

        public bool Equals(List<(string? Name, TypeRef Type, int? BitWidth)>? x, List<(string? Name, TypeRef Type, int? BitWidth)>? y) =>
            x != null && y != null && x.SequenceEqual(y);

        public int GetHashCode(List<(string? Name, TypeRef Type, int? BitWidth)> shape) =>
            shape.Aggregate(shape.Count, (h, f) => HashCode.Combine(h, f.Name, f.BitWidth));
    }

    public static long StorageOffset(long bitOffset, long unitSize, int width)
    {
        if (unitSize <= 0)
        {
            return bitOffset / 8;
        }

        var unitBits = unitSize * 8;
        var unitStart = bitOffset / unitBits * unitBits;
        return bitOffset + width <= unitStart + unitBits ? unitStart / 8 : bitOffset / 8;
    }

    private static List<T> MergeAll<TSnap, T>(IReadOnlyList<TargetSnapshot> snapshots,
        Func<TargetSnapshot, Dictionary<string, TSnap>> select,
        Func<string, List<KeyValuePair<string, TSnap>>, int, T> merge)
    {
        var names = new SortedSet<string>(snapshots.SelectMany(s => select(s).Keys), StringComparer.Ordinal);
        var result = new List<T>();
        foreach (var name in names)
        {
            var present = snapshots.Where(s => select(s).ContainsKey(name))
                .Select(s => Kv(s.Target, select(s)[name])).ToList();
            result.Add(merge(name, present, snapshots.Count));
        }
        return result;
    }

    private static IReadOnlyList<string>? TargetList<T>(List<KeyValuePair<string, T>> present, int all) =>
        present.Count == all ? null : present.Select(p => p.Key).ToList();

    private static PerTarget<long> Per<T>(List<KeyValuePair<string, T>> present, Func<T, long> value) =>
        PerTarget<long>.From(present.Select(p => Kv(p.Key, value(p.Value))));

    private static KeyValuePair<string, T> Kv<T>(string k, T v) => new(k, v);

    private static ModelDiagnostic Divergence(SourceLocation at, string message, string target) =>
        new(DiagnosticSeverity.Warning, ScanDiagnosticCodes.TargetDivergence, message, at, target);

    /// <summary>The same diagnostic on every target is reported once, without a target.</summary>
    private static List<ModelDiagnostic> Dedupe(List<ModelDiagnostic> diagnostics, int targetCount)
    {
        var result = new List<ModelDiagnostic>();
        foreach (var g in diagnostics.GroupBy(d => (d.Severity, d.Code, d.Message, d.Location?.File, d.Location?.Line)))
        {
            var list = g.ToList();
            var targets = list.Select(d => d.Target).Distinct().ToList();
            if (targets.Count == targetCount && targetCount > 1 || targets.All(t => t == null))
            {
                result.Add(new ModelDiagnostic(g.Key.Severity, g.Key.Code, g.Key.Message, list[0].Location, null));
            }
            else
            {
                result.AddRange(list.GroupBy(d => d.Target).Select(x => x.First()));
            }
        }
        return result;
    }
}
