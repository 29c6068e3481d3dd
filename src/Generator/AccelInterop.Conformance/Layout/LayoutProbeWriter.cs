using System.Globalization;
using System.Numerics;
using System.Text;
using AccelInterop.Model;
using AccelInterop.Model.Facts;

namespace AccelInterop.Conformance.Layout;

/// <summary>How a checked value is reported back when the compiler disagrees.</summary>
internal enum ValueFormat { Number, TypeIndex, Direction }

/// <summary>One <c>_Static_assert</c> of the probe.</summary>
internal sealed record ProbeCheck(LayoutFact Fact, string Condition, string? ValueExpression, ValueFormat Format)
{
    public int Line { get; set; }
}

/// <summary>One bitfield of the model: checked against clang's layout dump or, for gcc on the host, a probe program.</summary>
internal sealed record BitfieldCheck(LayoutFact OffsetFact, LayoutFact WidthFact, int Group, string RecordSpelling, string Path,
    long BitOffset, int BitWidth);

/// <summary>A generated probe: C source whose every <c>_Static_assert</c> is one fact of the model for one target.</summary>
public sealed class LayoutProbe
{
    internal LayoutProbe(string target, string source, IReadOnlyList<string> includes, IReadOnlyList<ProbeCheck> checks,
        IReadOnlyList<BitfieldCheck> bitfields, IReadOnlySet<int> anchorLines, LayoutCounts counts)
    {
        Target = target;
        Source = source;
        Includes = includes;
        Checks = checks;
        Bitfields = bitfields;
        AnchorLines = anchorLines;
        Counts = counts;
        ChecksByLine = checks.ToDictionary(c => c.Line);
        ChecksById = checks.ToDictionary(c => c.Fact.Id);
        var facts = checks.Select(c => c.Fact).ToList();
        foreach (var b in bitfields) { facts.Add(b.OffsetFact); facts.Add(b.WidthFact); }
        Facts = facts;
    }

    public string Target { get; }

    /// <summary>The C translation unit.</summary>
    public string Source { get; }

    /// <summary>Headers the probe includes, in order.</summary>
    public IReadOnlyList<string> Includes { get; }

    /// <summary>Every fact, in probe order (asserted facts, then bitfield facts).</summary>
    public IReadOnlyList<LayoutFact> Facts { get; }

    public LayoutCounts Counts { get; }

    /// <summary>Whether the model states bitfields for this target (they need clang's layout dump or a probe program).</summary>
    public bool HasBitfields => Bitfields.Count > 0;

    internal IReadOnlyList<ProbeCheck> Checks { get; }
    internal IReadOnlyList<BitfieldCheck> Bitfields { get; }

    /// <summary>Lines that are not facts but may fail with them (the bitfield wrapper records).</summary>
    internal IReadOnlySet<int> AnchorLines { get; }

    internal IReadOnlyDictionary<int, ProbeCheck> ChecksByLine { get; }
    internal IReadOnlyDictionary<int, ProbeCheck> ChecksById { get; }

    /// <summary>The tag of the wrapper record that holds bitfield group <paramref name="group"/> as its member <c>m</c>.</summary>
    internal static string WrapperTag(int group) => "__ai_bf_" + group.ToString(CultureInfo.InvariantCulture);
}

/// <summary>
/// Writes the C translation unit that checks a model against a real compiler. Every fact is a
/// <c>_Static_assert</c> on its own line whose message carries <c>AI#id</c>, so a compiler error
/// maps back to the fact by line or by id.
/// </summary>
public static class LayoutProbeWriter
{
    private const string IoctlHeader = "linux/ioctl.h";

    public static LayoutProbe Write(UapiModel model, string target, IReadOnlyList<string>? headers = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrWhiteSpace(target);
        // As the scan parsed them: the preludes (--include), the headers, then the caller's <linux/ioctl.h>.
        var includes = model.Includes.Concat(headers ?? model.Headers.Select(h => h.Path).ToList()).Distinct(StringComparer.Ordinal).ToList();
        var ioctls = model.Ioctls.Where(i => i.ExistsOn(target)).OrderBy(i => i.Name, StringComparer.Ordinal).ToList();
        var abi = model.AbiOf(target);
        if ((ioctls.Count > 0 || abi.Ioctl != null) && !includes.Contains(IoctlHeader))
        {
            includes.Add(IoctlHeader);
        }

        var w = new SourceBuilder();
        w.Line($"/* AccelInterop layout probe for {target}. Generated from a uAPI model: each _Static_assert is one model fact. */");
        foreach (var h in includes)
        {
            w.Line($"#include <{h}>");
        }

        var checks = new List<ProbeCheck>();
        var bitfields = new List<BitfieldCheck>();
        var anchors = new HashSet<int>();
        var nextId = 1;
        int records = 0, offsets = 0, constants = 0, enumerators = 0, enumTypes = 0;

        void Assert(LayoutFactKind kind, string symbol, string? member, string modelValue, SourceLocation? location,
            string condition, string? valueExpression, ValueFormat format = ValueFormat.Number)
        {
            var fact = new LayoutFact(nextId++, kind, symbol, member, modelValue, location);
            var what = CSpelling.StringContent($"{kind} {symbol}{(member == null ? "" : "." + member)}");
            var check = new ProbeCheck(fact, condition, valueExpression, format);
            check.Line = w.Line($"_Static_assert({condition}, \"AI#{fact.Id} {what}\");");
            checks.Add(check);
        }

        static string N(long v) => v.ToString(CultureInfo.InvariantCulture);

        // The target facts the model records (what the emitter and the rules rely on instead of knowing architectures).
        var targetFacts = 0;
        void Target(string fact, long value, string expression)
        {
            Assert(LayoutFactKind.Target, "target", fact, N(value), null, $"{expression} == {N(value)}", expression);
            targetFacts++;
        }
        w.Line("struct __ai_probe_int64 { char c; long long v; };");
        Target("pointerSize", abi.PointerSize, "sizeof(void *)");
        Target("longSize", abi.LongSize, "sizeof(long)");
        Target("int64Align", abi.Int64Align, "__builtin_offsetof(struct __ai_probe_int64, v)");
        Target("bigEndian", abi.ByteOrder == ByteOrder.Big ? 1 : 0, "(__BYTE_ORDER__ == __ORDER_BIG_ENDIAN__)");
        if (abi.Ioctl is { } layout)
        {
            foreach (var (name, value) in new (string, long)[]
            {
                ("_IOC_NRSHIFT", layout.NrShift), ("_IOC_TYPESHIFT", layout.TypeShift), ("_IOC_SIZESHIFT", layout.SizeShift),
                ("_IOC_DIRSHIFT", layout.DirShift), ("_IOC_NRBITS", layout.NrBits), ("_IOC_TYPEBITS", layout.TypeBits),
                ("_IOC_SIZEBITS", layout.SizeBits), ("_IOC_DIRBITS", layout.DirBits),
                ("_IOC_NONE", layout.None), ("_IOC_WRITE", layout.Write), ("_IOC_READ", layout.Read),
            })
            {
                Target(name, value, $"({name})");
            }
        }

        // Records: size, alignment, member offsets; bitfields are collected for the second stage.
        var bitfieldRecords = new List<(string Spelling, RecordDecl Record, List<KeyValuePair<string, (long Offset, int Width)>> Bits)>();
        foreach (var r in model.Records.Where(r => !r.IsAnonymous && r.ExistsOn(target)).OrderBy(r => r.Id, StringComparer.Ordinal))
        {
            var spelling = CSpelling.Record(r)!;
            var any = false;
            if (r.Size.TryGet(target, out var size))
            {
                Assert(LayoutFactKind.Size, r.Id, null, N(size), r.Location, $"sizeof({spelling}) == {N(size)}", $"sizeof({spelling})");
                any = true;
            }
            if (r.Align.TryGet(target, out var align))
            {
                Assert(LayoutFactKind.Align, r.Id, null, N(align), r.Location, $"_Alignof({spelling}) == {N(align)}", $"_Alignof({spelling})");
                any = true;
            }
            if (any)
            {
                records++;
            }

            var fields = new List<KeyValuePair<string, long>>();
            var bits = new List<KeyValuePair<string, (long Offset, int Width)>>();
            FactsWriter.CollectMembers(model, r, target, fields, bits);
            foreach (var f in fields)
            {
                var expr = $"__builtin_offsetof({spelling}, {f.Key})";
                Assert(LayoutFactKind.Offset, r.Id, f.Key, N(f.Value), r.Location, $"{expr} == {N(f.Value)}", expr);
                offsets++;
            }
            if (bits.Count > 0)
            {
                bitfieldRecords.Add((spelling, r, bits));
            }
        }

        foreach (var c in model.Constants.Where(c => c.ExistsOn(target)).OrderBy(c => c.Name, StringComparer.Ordinal))
        {
            var any = false;
            if (c.Value.TryGet(target, out var value))
            {
                Assert(LayoutFactKind.Value, c.Name, null, value.ToString(CultureInfo.InvariantCulture), c.Location,
                    CSpelling.ValueEquals(c.Name, value), c.Name);
                any = true;
            }
            if (c.CType.TryGet(target, out var ctype))
            {
                Assert(LayoutFactKind.Type, c.Name, null, ctype, c.Location,
                    $"__builtin_types_compatible_p(__typeof__({c.Name}), {ctype})", $"__AI_TYPE_INDEX({c.Name})", ValueFormat.TypeIndex);
                any = true;
            }
            if (any)
            {
                constants++;
            }
        }

        foreach (var e in model.Enums.Where(e => e.ExistsOn(target)).OrderBy(e => e.Id, StringComparer.Ordinal))
        {
            foreach (var x in e.Enumerators)
            {
                if (!x.Value.TryGet(target, out var value))
                {
                    continue;
                }

                Assert(LayoutFactKind.Value, x.Name, null, value.ToString(CultureInfo.InvariantCulture),
                    new SourceLocation(e.Location.File, x.Line), CSpelling.ValueEquals(x.Name, value), x.Name);
                enumerators++;
            }
            if (CSpelling.Enum(e) is { } enumSpelling && e.IntegerType.TryGet(target, out var integerType))
            {
                Assert(LayoutFactKind.Type, e.Id, null, integerType, e.Location,
                    $"__builtin_types_compatible_p({enumSpelling}, {integerType})", $"__AI_TYPE_INDEX(({enumSpelling})0)", ValueFormat.TypeIndex);
                enumTypes++;
            }
        }

        foreach (var i in ioctls)
        {
            if (i.Request.TryGet(target, out var request))
            {
                Assert(LayoutFactKind.Value, i.Name, null, request.ToString(CultureInfo.InvariantCulture), i.Location,
                    CSpelling.ValueEquals(i.Name, request), i.Name);
            }
            // An argument too big for the size field garbles _IOC_DIR and _IOC_SIZE (UAPI-R012 reports it).
            var oversize = Rules.RequestSizeOverflowRule.Overflow(model, i, target) != null;
            if (!oversize)
            {
                Assert(LayoutFactKind.IoctlDirection, i.Name, null, i.Direction.ToString(), i.Location,
                    $"_IOC_DIR({i.Name}) == {CSpelling.Direction(i.Direction)}", $"_IOC_DIR({i.Name})", ValueFormat.Direction);
            }

            if (i.Type.TryGet(target, out var type))
            {
                Assert(LayoutFactKind.IoctlType, i.Name, null, N(type), i.Location, $"_IOC_TYPE({i.Name}) == {N(type)}", $"_IOC_TYPE({i.Name})");
            }

            if (i.Number.TryGet(target, out var nr))
            {
                Assert(LayoutFactKind.IoctlNumber, i.Name, null, N(nr), i.Location, $"_IOC_NR({i.Name}) == {N(nr)}", $"_IOC_NR({i.Name})");
            }

            if (!oversize && i.Size.TryGet(target, out var isize))
            {
                Assert(LayoutFactKind.IoctlSize, i.Name, null, N(isize), i.Location, $"_IOC_SIZE({i.Name}) == {N(isize)}", $"_IOC_SIZE({i.Name})");
                if (i.Argument != null && CSpelling.TypeName(model, i.Argument) is { } arg)
                {
                    Assert(LayoutFactKind.IoctlArgumentSize, i.Name, null, N(isize), i.Location, $"sizeof({arg}) == {N(isize)}", $"sizeof({arg})");
                }
            }
        }

        // Bitfields: one wrapper record per record, so clang's layout dump shows the record's members under a
        // name we chose (also for records known only by a typedef), and sizeof forces the layout to be computed.
        var group = 0;
        foreach (var (spelling, r, bits) in bitfieldRecords)
        {
            group++;
            var tag = LayoutProbe.WrapperTag(group);
            anchors.Add(w.Line($"struct {tag} {{ {spelling} m; }}; typedef char {tag}_use[sizeof(struct {tag})];"));
            foreach (var b in bits)
            {
                var offsetFact = new LayoutFact(nextId++, LayoutFactKind.BitOffset, r.Id, b.Key, N(b.Value.Offset), r.Location);
                var widthFact = new LayoutFact(nextId++, LayoutFactKind.BitWidth, r.Id, b.Key,
                    b.Value.Width.ToString(CultureInfo.InvariantCulture), r.Location);
                bitfields.Add(new BitfieldCheck(offsetFact, widthFact, group, spelling, b.Key, b.Value.Offset, b.Value.Width));
            }
        }

        var counts = new LayoutCounts(records, offsets, bitfields.Count, constants, enumerators, enumTypes, ioctls.Count,
            checks.Count + 2 * bitfields.Count, targetFacts);
        return new LayoutProbe(target, w.ToString(), includes, checks, bitfields, anchors, counts);
    }

    /// <summary>
    /// A translation unit that makes the compiler print the values of <paramref name="expressions"/>:
    /// each value is split into its sign and four 16-bit chunks, each written as the bound of an
    /// array type inside an invalid expression, so the error message shows <c>char (*)[chunk + 1]</c>.
    /// Works at compile time, for any target, with gcc and clang alike.
    /// </summary>
    internal static (string Source, Dictionary<int, (int Item, int Chunk)> Lines) WriteValueProbe(
        IReadOnlyList<string> includes, IReadOnlyList<string> expressions)
    {
        var w = new SourceBuilder();
        w.Line("/* AccelInterop value probe: every line below fails on purpose; the array bound in the error is the value. */");
        foreach (var h in includes)
        {
            w.Line($"#include <{h}>");
        }

        w.Raw(CSpelling.TypeIndexMacro);
        var lines = new Dictionary<int, (int, int)>();
        for (var i = 0; i < expressions.Count; i++)
        {
            var e = expressions[i];
            lines[w.Line($"typedef char __ai_v{i}_s[sizeof((char (*)[(({e}) < 0) + 1])0 * 2)];")] = (i, -1);
            for (var chunk = 0; chunk < 4; chunk++)
            {
                lines[w.Line($"typedef char __ai_v{i}_{chunk}[sizeof((char (*)[((((unsigned long long)({e})) >> {16 * chunk}) & 0xffffULL) + 1])0 * 2)];")] = (i, chunk);
            }
        }
        return (w.ToString(), lines);
    }

    /// <summary>
    /// A host program that, for each bitfield, zeroes the record, sets the bitfield to all ones and
    /// prints the first set bit and the number of set bits, numbering bits in allocation order
    /// (from the least significant bit of byte 0 on little-endian, from the most significant on big-endian).
    /// Only meaningful when run on the target itself, i.e. for the host triple.
    /// </summary>
    internal static (string Source, Dictionary<int, int> LineToBitfield) WriteBitfieldProgram(
        IReadOnlyList<string> includes, IReadOnlyList<BitfieldCheck> bitfields)
    {
        var w = new SourceBuilder();
        w.Line("/* AccelInterop bitfield probe: prints, per bitfield, its first set bit and its width. */");
        foreach (var h in includes)
        {
            w.Line($"#include <{h}>");
        }

        w.Raw("""
            #include <stdio.h>
            static void __ai_report(int id, const unsigned char *p, unsigned long n)
            {
                long first = -1, count = 0;
                for (unsigned long i = 0; i < n * 8; i++) {
            #if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
                    int bit = (p[i / 8] >> (7 - i % 8)) & 1;
            #else
                    int bit = (p[i / 8] >> (i % 8)) & 1;
            #endif
                    if (bit) { if (first < 0) first = (long)i; count++; }
                }
                printf("AI# %d %ld %ld\n", id, first, count);
            }
            int main(void)
            {

            """);
        var lines = new Dictionary<int, int>();
        for (var i = 0; i < bitfields.Count; i++)
        {
            var b = bitfields[i];
            var t = b.RecordSpelling;
            lines[w.Line($"    {{ _Alignas({t}) unsigned char b[sizeof({t})]; for (unsigned long i = 0; i < sizeof b; i++) b[i] = 0; " +
                         $"(({t} *)(void *)b)->{b.Path} = -1; __ai_report({i}, b, sizeof b); }}")] = i;
        }
        w.Line("    return 0;");
        w.Line("}");
        return (w.ToString(), lines);
    }

    private sealed class SourceBuilder
    {
        private readonly StringBuilder _sb = new();
        private int _lines;

        /// <summary>Appends one line and returns its 1-based number.</summary>
        public int Line(string text)
        {
            _sb.Append(text).Append('\n');
            return ++_lines;
        }

        public void Raw(string text)
        {
            if (!text.EndsWith('\n'))
            {
                text += "\n";
            }

            _sb.Append(text);
            _lines += text.Count(c => c == '\n');
        }

        public override string ToString() => _sb.ToString();
    }
}
