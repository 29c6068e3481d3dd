using AccelInterop.Model;

namespace AccelInterop.Conformance.Rules;

/// <summary>An implicit gap in a record on one target: <paramref name="After"/> is the member before it (null at the start).</summary>
public sealed record PaddingGap(string? After, FieldDecl? Before, long Bits, bool IsTail);

/// <summary>Finds the bits of a record no member covers, from the model's offsets and sizes for one target.</summary>
public static class PaddingScanner
{
    public static IReadOnlyList<PaddingGap> Gaps(RecordDecl record, string target)
    {
        var gaps = new List<PaddingGap>();
        var sizeBits = record.Size.For(target) * 8;
        if (record.Kind == RecordKind.Union)
        {
            var widest = record.FieldsOn(target).Select(f => f.Bitfield is { } b ? (long)b.BitWidth : f.Size.For(target) * 8).DefaultIfEmpty(0).Max();
            if (widest < sizeBits && widest > 0)
            {
                gaps.Add(new PaddingGap(null, null, sizeBits - widest, true));
            }

            return gaps;
        }
        long end = 0;
        string? last = null;
        foreach (var f in record.FieldsOn(target))
        {
            long start, length;
            if (f.Bitfield is { } bf)
            {
                if (bf.BitWidth == 0)
                {
                    continue;
                }

                start = bf.BitOffset.For(target);
                length = bf.BitWidth;
            }
            else
            {
                start = f.Offset.For(target) * 8;
                length = f.Size.For(target) * 8;
            }
            if (start > end)
            {
                gaps.Add(new PaddingGap(last, f, start - end, false));
            }

            end = Math.Max(end, start + length);
            last = f.Name ?? "(anonymous member)";
        }
        if (sizeBits > end && record.FieldsOn(target).Count > 0)
        {
            gaps.Add(new PaddingGap(last, null, sizeBits - end, true));
        }

        return gaps;
    }

    public static string Describe(long bits) =>
        bits % 8 == 0 ? $"{bits / 8} byte{(bits == 8 ? "" : "s")}" : $"{bits} bit{(bits == 1 ? "" : "s")}";
}
