using System.Numerics;
using System.Runtime.InteropServices;
using AccelInterop.Simulation.Kernel;
using static AccelInterop.Runtime.Errors.Errno;

namespace AccelInterop.Simulation.Vfio;

/// <summary>
/// The user's dirty bitmap of type1 dirty-page tracking (<c>vfio_iommu_type1.c</c>): one bit per
/// page of the smallest IOMMU page size, u64 words, bit 0 the first page of the range asked about.
/// Every group the simulation has is a physical device's, which cannot say which pages it wrote
/// (no <c>pinned_page_dirty_scope</c>), so type1 reports every page of every mapping it reports as
/// dirty (<c>update_user_bitmap</c> with <c>num_non_pinned_groups</c>): the device's DMA changes nothing.
/// </summary>
internal static class VfioDirtyBitmap
{
    /// <summary>DIRTY_BITMAP_SIZE_MAX: a bitmap of INT_MAX pages, rounded to u64s, in bytes.</summary>
    public const ulong SizeMax = ((ulong)int.MaxValue + 63) / 64 * 8;

    // Words written per copy, so a large mapping costs a bounded buffer.
    private const int ChunkWords = 512;

    /// <summary>DIRTY_BITMAP_BYTES: the bytes a bitmap of <paramref name="pages"/> bits takes, in whole u64s.</summary>
    public static ulong Bytes(ulong pages) => ((pages / 64) + (pages % 64 == 0 ? 0UL : 1UL)) * 8;

    /// <summary>
    /// The checks before the range is looked at: access_ok on the bitmap, then verify_bitmap_size for
    /// the pages of <paramref name="length"/> bytes at the bitmap's page size (-EINVAL).
    /// </summary>
    public static int Check(ulong data, ulong size, ulong pageSize, ulong length)
    {
        if (data + size < data || data + size > MmapRange.TaskSize)
        {
            return -EINVAL;
        }

        // __ffs(0) is undefined in the kernel; a zero page size fails the page-size check that follows anyway.
        int shift = pageSize == 0 ? 0 : BitOperations.TrailingZeroCount(pageSize);
        ulong pages = length >> shift;
        return pages == 0 || size == 0 || size > SizeMax || size < Bytes(pages) ? -EINVAL : 0;
    }

    /// <summary>
    /// update_user_bitmap: marks the <paramref name="length"/> bytes at <paramref name="start"/> dirty in the
    /// bitmap at <paramref name="data"/> whose bit 0 is <paramref name="baseIova"/>. A mapping that does not
    /// start on a word keeps the bits below it that the user's word already had; whole words are written,
    /// so bits past the mapping in its last word are cleared. -EFAULT when the bitmap is not the caller's.
    /// </summary>
    public static int Report(SimulatedProcess caller, ulong data, ulong baseIova, ulong start, ulong length, ulong pageSize)
    {
        int shift = BitOperations.TrailingZeroCount(pageSize);
        ulong bitOffset = (start - baseIova) >> shift;
        int lead = (int)(bitOffset % 64);
        ulong total = (length >> shift) + (ulong)lead;
        ulong address = data + (bitOffset / 64 * 8);
        ulong leftover = 0;
        if (lead != 0)
        {
            Span<byte> word = stackalloc byte[8];
            if (caller.Memory.CopyFromUser(word, address) < 0)
            {
                return -EFAULT;
            }

            leftover = BitConverter.ToUInt64(word) & ((1UL << lead) - 1);
        }

        ulong[] chunk = new ulong[(int)Math.Min((ulong)ChunkWords, (total + 63) / 64)];
        for (ulong bit = 0; bit < total;)
        {
            int words = (int)Math.Min((ulong)chunk.Length, (total - bit + 63) / 64);
            for (int i = 0; i < words; i++, bit += 64)
            {
                ulong left = total - bit;
                chunk[i] = left >= 64 ? ulong.MaxValue : (1UL << (int)left) - 1;
                if (bit == 0)
                {
                    chunk[i] = (chunk[i] & ~((1UL << lead) - 1)) | leftover;
                }
            }

            if (caller.Memory.CopyToUser(address, MemoryMarshal.AsBytes(chunk.AsSpan(0, words))) < 0)
            {
                return -EFAULT;
            }

            address += (ulong)words * 8;
        }

        return 0;
    }
}
