using AccelInterop.Simulation.Kernel;

namespace AccelInterop.Simulation.Vfio;

/// <summary>
/// What one DMA mapping shows the device: the process's memory from <see cref="UserAddress"/> on
/// (MAP_DMA's vaddr, IOAS_MAP's user_va), readable and/or writable by the device. The simulation
/// does not pin: each device access checks that the process still has the memory registered, and
/// faults otherwise. type1's VFIO_UPDATE_VADDR may mark the vaddr invalid and later give a new one
/// (possibly of another process: <c>vfio_change_dma_owner</c>); the IOMMU keeps translating meanwhile.
/// </summary>
internal sealed class VfioDmaMapping(UserMemory memory, ulong userAddress, bool readable, bool writable)
{
    // Memory and address change together (a reader never sees one without the other).
    private Source _source = new(memory, userAddress);

    public UserMemory Memory => Volatile.Read(ref _source).Memory;
    public ulong UserAddress => Volatile.Read(ref _source).Address;
    public bool Readable { get; } = readable;
    public bool Writable { get; } = writable;

    /// <summary>
    /// Whether the pages behind it were taken for writing (iommufd's <c>iopt_pages.writable</c>): an
    /// IOAS_COPY of the area shares those pages and may ask for no more than this.
    /// </summary>
    public bool PagesWritable { get; init; } = writable;

    /// <summary>UNMAP_DMA with VFIO_DMA_UNMAP_FLAG_VADDR left the vaddr invalid (vaddr_invalid).</summary>
    public bool VaddrInvalid { get; set; }

    /// <summary>MAP_DMA with VFIO_DMA_MAP_FLAG_VADDR: the caller's memory at <paramref name="address"/> from now on.</summary>
    public void UpdateVaddr(UserMemory newMemory, ulong address)
    {
        Volatile.Write(ref _source, new Source(newMemory, address));
        VaddrInvalid = false;
    }

    private sealed record Source(UserMemory Memory, ulong Address);
}
