using System.Buffers.Binary;

namespace AccelInterop.Simulation.Qda;

/// <summary>
/// The layout of an invocation's payload buffer, which the kernel writes and the DSP reads
/// (<c>qda_fastrpc.c</c>: fastrpc_get_meta_size, fastrpc_get_payload_size): per argument a remote
/// argument (16 bytes: pv and length, or for a handle fd, length, offset), then per argument an
/// invoke buffer (8 bytes: page count, page index), then per argument a physical page (16 bytes:
/// DSP address and size), a 16-entry fd list and a 64-entry CRC list; the copied buffers follow,
/// each starting on a 128-byte boundary.
/// </summary>
internal static class FastRpcLayout
{
    public const int RemoteArgumentSize = 16;
    public const int InvokeBufferSize = 8;
    public const int PhysicalPageSize = 16;
    public const int FdListEntries = 16;
    public const int CrcListEntries = 64;

    /// <summary>FASTRPC_ALIGN: every copied buffer starts on this boundary.</summary>
    public const ulong Alignment = 128;

    public static ulong MetaSize(int arguments) =>
        (ulong)((RemoteArgumentSize + InvokeBufferSize + PhysicalPageSize) * arguments + sizeof(ulong) * FdListEntries + sizeof(uint) * CrcListEntries);

    public static int InvokeBufferAt(int arguments, int index) => RemoteArgumentSize * arguments + InvokeBufferSize * index;

    public static int PageAt(int arguments, int index) => (RemoteArgumentSize + InvokeBufferSize) * arguments + PhysicalPageSize * index;

    public static ulong AlignUp(ulong value, ulong alignment) => unchecked((value + alignment - 1) & ~(alignment - 1));

    // ---- the remote-argument entries ----

    public static void WriteBuffer(Span<byte> payload, int index, ulong pv, ulong length)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(payload[(index * RemoteArgumentSize)..], pv);
        BinaryPrimitives.WriteUInt64LittleEndian(payload[(index * RemoteArgumentSize + 8)..], length);
    }

    public static void WriteDmaHandle(Span<byte> payload, int index, int fd, uint length, ulong offset)
    {
        BinaryPrimitives.WriteInt32LittleEndian(payload[(index * RemoteArgumentSize)..], fd);
        BinaryPrimitives.WriteUInt32LittleEndian(payload[(index * RemoteArgumentSize + 4)..], length);
        BinaryPrimitives.WriteUInt64LittleEndian(payload[(index * RemoteArgumentSize + 8)..], offset);
    }

    public static (ulong Pv, ulong Length) ReadBuffer(ReadOnlySpan<byte> payload, int index) =>
        (BinaryPrimitives.ReadUInt64LittleEndian(payload[(index * RemoteArgumentSize)..]),
         BinaryPrimitives.ReadUInt64LittleEndian(payload[(index * RemoteArgumentSize + 8)..]));

    public static (int Fd, uint Length, ulong Offset) ReadDmaHandle(ReadOnlySpan<byte> payload, int index) =>
        (BinaryPrimitives.ReadInt32LittleEndian(payload[(index * RemoteArgumentSize)..]),
         BinaryPrimitives.ReadUInt32LittleEndian(payload[(index * RemoteArgumentSize + 4)..]),
         BinaryPrimitives.ReadUInt64LittleEndian(payload[(index * RemoteArgumentSize + 8)..]));

    // ---- invoke buffers and physical pages ----

    public static void WriteInvokeBuffer(Span<byte> payload, int arguments, int index, uint pages)
    {
        int at = InvokeBufferAt(arguments, index);
        BinaryPrimitives.WriteUInt32LittleEndian(payload[at..], pages);
        BinaryPrimitives.WriteUInt32LittleEndian(payload[(at + 4)..], (uint)index);
    }

    public static void WritePage(Span<byte> payload, int arguments, int index, ulong address, ulong size)
    {
        int at = PageAt(arguments, index);
        BinaryPrimitives.WriteUInt64LittleEndian(payload[at..], address);
        BinaryPrimitives.WriteUInt64LittleEndian(payload[(at + 8)..], size);
    }

    public static (ulong Address, ulong Size) ReadPage(ReadOnlySpan<byte> payload, int arguments, int index)
    {
        int at = PageAt(arguments, index);
        return (BinaryPrimitives.ReadUInt64LittleEndian(payload[at..]), BinaryPrimitives.ReadUInt64LittleEndian(payload[(at + 8)..]));
    }

    /// <summary>calculate_page_aligned_size: the bytes of the whole pages [ptr, ptr + len) touches.</summary>
    public static ulong PageAlignedSize(ulong pointer, ulong length)
    {
        unchecked
        {
            ulong first = pointer >> 12;
            ulong last = (pointer + length - 1) >> 12;
            return (last - first + 1) * Kernel.Page.Size;
        }
    }
}
