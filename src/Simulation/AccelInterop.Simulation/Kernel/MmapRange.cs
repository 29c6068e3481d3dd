using static AccelInterop.Runtime.Errors.Errno;

namespace AccelInterop.Simulation.Kernel;

/// <summary>
/// The checks <c>mm/mmap.c:do_mmap</c> and <c>__get_unmapped_area</c> make on a length and an
/// offset before any file's mmap runs, so that a file only ever sees a range whose page numbers
/// cannot wrap: pgoff + pages fits in 64 bits and pages is at most <see cref="TaskSize"/> / page.
/// </summary>
public static class MmapRange
{
    /// <summary>TASK_SIZE of x86-64 with 4-level page tables: (1 &lt;&lt; 47) - PAGE_SIZE.</summary>
    public const ulong TaskSize = (1UL << 47) - Page.Size;

    /// <summary>
    /// 0 with the first page (<paramref name="pgoff"/>) and the page count of the mapping, or:
    /// -EINVAL for length 0, a negative or unaligned offset; -ENOMEM when PAGE_ALIGN(length)
    /// wraps to 0 or exceeds TASK_SIZE; -EOVERFLOW when pgoff + pages wraps.
    /// </summary>
    public static int Check(nuint length, long offset, out ulong pgoff, out ulong pages)
    {
        pgoff = 0;
        pages = 0;
        if (length == 0 || offset < 0 || (ulong)offset % Page.Size != 0)
        {
            return -EINVAL;
        }

        ulong aligned = ((ulong)length + Page.Size - 1) & ~(Page.Size - 1);
        if (aligned == 0)
        {
            return -ENOMEM; // PAGE_ALIGN wrapped
        }

        ulong first = (ulong)offset / Page.Size;
        ulong count = aligned / Page.Size;
        if (first + count < first)
        {
            return -EOVERFLOW;
        }

        if (aligned > TaskSize)
        {
            return -ENOMEM; // __get_unmapped_area
        }

        (pgoff, pages) = (first, count);
        return 0;
    }

    /// <summary>Whether pages [<paramref name="pgoff"/>, +<paramref name="pages"/>) lie inside an object of <paramref name="size"/> bytes (check_add_overflow style: never wraps).</summary>
    public static bool Fits(ulong pgoff, ulong pages, ulong size) =>
        pgoff <= size / Page.Size && pages <= size / Page.Size - pgoff;
}
