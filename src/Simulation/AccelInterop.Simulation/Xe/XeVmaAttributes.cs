using static AccelInterop.Simulation.Uapi.Xe.Xe;

namespace AccelInterop.Simulation.Xe;

/// <summary>
/// The memory attributes of one VMA (<c>struct xe_vma_mem_attr</c>): what MADVISE sets and
/// QUERY_MEM_RANGE_ATTRS reads back. A new binding starts from the defaults of
/// <c>xe_vm.c:vm_bind_ioctl_ops_parse</c> (the bind's PAT index, preferred location "device",
/// migrate all pages, atomics undefined, needed); the pieces of a split VMA keep what it had.
/// </summary>
public struct XeVmaAttributes
{
    public static XeVmaAttributes Defaults(ushort patIndex) => new()
    {
        DevmemFd = (uint)DRM_XE_PREFERRED_LOC_DEFAULT_DEVICE,
        MigrationPolicy = DRM_XE_MIGRATE_ALL_PAGES,
        AtomicAccess = DRM_XE_ATOMIC_UNDEFINED,
        DefaultPatIndex = patIndex,
        PatIndex = patIndex,
        PurgeableState = DRM_XE_VMA_PURGEABLE_STATE_WILLNEED,
    };

    /// <summary>preferred_loc.devmem_fd: DEFAULT_DEVICE (0), DEFAULT_SYSTEM (-1) or a device fd.</summary>
    public uint DevmemFd { get; set; }

    /// <summary>preferred_loc.migration_policy: MIGRATE_ALL_PAGES or MIGRATE_ONLY_SYSTEM_PAGES.</summary>
    public uint MigrationPolicy { get; set; }

    /// <summary>DRM_XE_ATOMIC_UNDEFINED, DEVICE, GLOBAL or CPU.</summary>
    public uint AtomicAccess { get; set; }

    /// <summary>The PAT index of the bind that made the VMA.</summary>
    public ushort DefaultPatIndex { get; set; }

    /// <summary>The PAT index the page tables use (the bind's, unless MADVISE changed it).</summary>
    public ushort PatIndex { get; set; }

    /// <summary>DRM_XE_VMA_PURGEABLE_STATE_WILLNEED or DONTNEED (BO VMAs only change it).</summary>
    public uint PurgeableState { get; set; }
}
