namespace AccelInterop.Simulation.Xe;

/// <summary>
/// The ring of an exec queue's LRC (<c>xe_lrc.c</c>): 16 KiB of dwords with head and tail byte
/// offsets. Writes wrap across the end and are padded to 8 bytes with an MI_NOOP
/// (<c>xe_lrc_write_ring</c>); free space is <c>xe_lrc_ring_space</c>. A job takes at most
/// <see cref="MaxJobDwords"/>, which is where the scheduler's 55-job credit limit comes from.
/// Not thread-safe: its queue's engine lock guards it.
/// </summary>
public sealed class XeRing
{
    /// <summary>xe_lrc_ring_size: 16 KiB.</summary>
    public const int Size = 16 * 1024;

    /// <summary>MAX_JOB_SIZE_DW (xe_ring_ops_types.h).</summary>
    public const int MaxJobDwords = 74;

    /// <summary>The scheduler's credit limit: ring size / MAX_JOB_SIZE_BYTES = 55 jobs.</summary>
    public const uint JobCredits = Size / (MaxJobDwords * 4);

    private readonly uint[] _dwords = new uint[Size / 4];

    /// <summary>Where the engine reads next (bytes).</summary>
    public uint Head { get; private set; }

    /// <summary>Where the next write goes (bytes).</summary>
    public uint Tail { get; private set; }

    /// <summary>Times a write went across the end of the ring.</summary>
    public int Wraps { get; private set; }

    /// <summary>xe_lrc_ring_space: free bytes ((head - tail - 1) &amp; (size - 1)) + 1.</summary>
    public uint Space => ((Head - Tail - 1) & (Size - 1)) + 1;

    /// <summary>Whether the engine has read everything written.</summary>
    public bool IsIdle => Head == Tail;

    /// <summary>xe_lrc_write_ring: <paramref name="commands"/> at the tail, wrapping, then a NOOP to an 8-byte boundary.</summary>
    public void Write(ReadOnlySpan<uint> commands)
    {
        if ((uint)(commands.Length * 4) + 4 > Space)
        {
            throw new InvalidOperationException("ring overflow: the scheduler's credits should have prevented it");
        }

        uint before = Tail;
        foreach (uint dword in commands)
        {
            Put(dword);
        }

        if ((commands.Length & 1) != 0)
        {
            Put(XeMiCommand.Noop);
        }

        if (Tail < before)
        {
            Wraps++;
        }
    }

    /// <summary>The dword at the head, and the head moves past it.</summary>
    public uint ReadHead()
    {
        uint dword = _dwords[Head / 4];
        Head = (Head + 4) & (Size - 1);
        return dword;
    }

    /// <summary>The dword <paramref name="index"/> dwords past the head (not consumed).</summary>
    public uint PeekHead(int index) => _dwords[((Head / 4) + (uint)index) & ((Size / 4) - 1)];

    /// <summary>Dwords written and not yet read.</summary>
    public int Pending => (int)(((Tail - Head) & (Size - 1)) / 4);

    private void Put(uint dword)
    {
        _dwords[Tail / 4] = dword;
        Tail = (Tail + 4) & (Size - 1);
    }
}
