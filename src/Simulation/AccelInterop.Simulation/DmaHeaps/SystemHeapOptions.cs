namespace AccelInterop.Simulation.DmaHeaps;

/// <summary>The machine and kernel configuration the system heap module looks at when it loads.</summary>
public sealed record SystemHeapOptions
{
    /// <summary><c>cc_platform_has(CC_ATTR_MEM_ENCRYPT)</c>: a confidential-computing guest whose memory is encrypted.</summary>
    public bool MemoryEncryption { get; init; }

    /// <summary>CONFIG_DMABUF_HEAPS_SYSTEM_CC_SHARED (Kconfig allows it only with the system heap built in).</summary>
    public bool CcSharedHeapConfigured { get; init; } = true;

    /// <summary>CONFIG_HIGHMEM (32-bit kernels): no system_cc_shared heap.</summary>
    public bool HighMem { get; init; }

    /// <summary>Memory the heap can hand out in all; an allocation past it is -ENOMEM (the page allocator gives up).</summary>
    public ulong MemoryLimit { get; init; } = 1UL << 30;
}
