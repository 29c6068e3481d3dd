namespace AccelInterop.Simulation.Qda;

/// <summary>
/// fastrpc_get_buff_overlaps: the in/out buffers sorted by start (longest first on a tie), each
/// with the part no earlier buffer covers ([MStart, MEnd), empty when wholly covered) and its
/// offset past the covered part — overlapping user buffers are copied once.
/// </summary>
internal readonly record struct FastRpcOverlap(int Index, ulong Start, ulong End, ulong MStart, ulong MEnd, ulong Offset)
{
    public static FastRpcOverlap[] Compute(ReadOnlySpan<FastRpcArgument> arguments, int buffers)
    {
        var overlaps = new FastRpcOverlap[buffers];
        for (int i = 0; i < buffers; i++)
        {
            ulong start = arguments[i].Pointer;
            overlaps[i] = new FastRpcOverlap(i, start, unchecked(start + arguments[i].Length), 0, 0, 0);
        }

        // Stable for equal keys like the kernel's sort is not: the ties that remain (same start and
        // end) cover the same bytes, so their order does not change what is copied.
        Array.Sort(overlaps, static (a, b) => a.Start != b.Start ? a.Start.CompareTo(b.Start) : b.End.CompareTo(a.End));
        ulong maxEnd = 0;
        for (int i = 0; i < buffers; i++)
        {
            FastRpcOverlap o = overlaps[i];
            if (o.Start < maxEnd)
            {
                overlaps[i] = o.End > maxEnd
                    ? o with { MStart = maxEnd, MEnd = o.End, Offset = maxEnd - o.Start }
                    : o with { MStart = 0, MEnd = 0, Offset = maxEnd - o.Start };
                maxEnd = Math.Max(maxEnd, o.End);
            }
            else
            {
                overlaps[i] = o with { MStart = o.Start, MEnd = o.End, Offset = 0 };
                maxEnd = o.End;
            }
        }

        return overlaps;
    }
}
