namespace AccelInterop.Simulation.Kernel;

/// <summary>
/// The slab allocator's size limits, so that a request sized by a user number fails with the
/// kernel's -ENOMEM before the simulation allocates anything.
/// </summary>
public static class Kmalloc
{
    /// <summary>
    /// KMALLOC_MAX_SIZE: 1 &lt;&lt; (MAX_PAGE_ORDER + PAGE_SHIFT), with MAX_PAGE_ORDER 10 (the
    /// default of <c>include/linux/mmzone.h</c>) and 4 KiB pages: 4 MiB. A larger kmalloc fails
    /// (<c>mm/slub.c:___kmalloc_large_node</c> asks the page allocator for an order it refuses).
    /// </summary>
    public const ulong MaxSize = Page.Size << 10;

    /// <summary>
    /// Whether <c>kmalloc_array(count, elementSize)</c> (and <c>kmalloc_objs</c>, <c>kzalloc_objs</c>)
    /// can succeed: false when the product overflows (<c>size_mul_overflow</c>) or exceeds
    /// <see cref="MaxSize"/>. The caller answers -ENOMEM when it cannot.
    /// </summary>
    public static bool ArrayFits(ulong count, ulong elementSize) =>
        elementSize == 0 || count <= MaxSize / elementSize;
}
