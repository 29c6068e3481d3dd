using AccelInterop.Simulation.Drm;
using AccelInterop.Simulation.Uapi.Amdxdna;
using static AccelInterop.Runtime.Errors.Errno;

namespace AccelInterop.Simulation.Amdxdna;

/// <summary>
/// An amdxdna buffer object (amdxdna.md §4): SHARE/CMD (shmem), DEV_HEAP chunk, or DEV (a
/// sub-allocation of the client's heap, viewing the heap chunk's memory and holding a
/// reference on it). Device addresses: heap-derived for DEV_HEAP/DEV, a simulated IOVA for SHARE.
/// </summary>
public sealed class AmdxdnaBo : GemObject
{
    private readonly AmdxdnaBo? _chunk;
    private readonly AmdxdnaClient? _heapOwner;

    // backing: false for an import, whose pages are the exporter's (GemObject.AttachImport).
    internal AmdxdnaBo(DrmDevice device, amdxdna_bo_type type, ulong size, ulong deviceAddress, bool isInternal = false, bool backing = true)
        : base(device, size, backing)
    {
        Type = type;
        DeviceAddress = deviceAddress;
        IsInternal = isInternal;
    }

    // DEV BO: a view on the heap chunk at [offset, +size).
    internal AmdxdnaBo(DrmDevice device, AmdxdnaClient owner, AmdxdnaBo chunk, ulong heapOffset, ulong size)
        : base(device, size, backing: false)
    {
        Type = amdxdna_bo_type.AMDXDNA_BO_DEV;
        _chunk = (AmdxdnaBo)chunk.Get();
        _heapOwner = owner;
        HeapOffset = heapOffset;
        DeviceAddress = AmdxdnaGenerations.DevMemBase + heapOffset;
        UseMemory(chunk.Memory + (nint)(heapOffset - (chunk.DeviceAddress - AmdxdnaGenerations.DevMemBase)));
    }

    internal amdxdna_bo_type Type { get; }

    /// <summary>The device (IOVA or heap) address reported as xdna_addr.</summary>
    public ulong DeviceAddress { get; }

    /// <summary>DEV BOs: offset in the client heap.</summary>
    public ulong HeapOffset { get; }

    /// <summary>Created by the driver itself (CMD BOs, command-chain buffers): counted as internal usage.</summary>
    public bool IsInternal { get; }

    /// <summary>The user address of the first mmap, 0 before (vaddr is ~0 until then).</summary>
    public nint UserAddress { get; private set; }

    /// <summary>The context this BO is assigned to as a debug buffer (ASSIGN_DBG_BUF), 0 if none.</summary>
    public uint DebugContext { get; internal set; }

    internal AmdxdnaBo? Chunk => _chunk;

    /// <summary>The bytes of the device's <see cref="BoMemoryBudget"/> this BO's backing holds (given back when it is freed).</summary>
    internal ulong ChargedBytes { get; set; }

    /// <summary>DEV and user-pointer BOs cannot be exported (§4 drm-core: -EOPNOTSUPP).</summary>
    public override int CanExport() => Type == amdxdna_bo_type.AMDXDNA_BO_DEV ? -EOPNOTSUPP : 0;

    /// <summary>The user-visible address (vaddr of GET_BO_INFO): mmapped address, DEV: heap-derived.</summary>
    public ulong UserVirtualAddress => Type == amdxdna_bo_type.AMDXDNA_BO_DEV
        ? (_chunk!.UserAddress == 0 ? ulong.MaxValue : (ulong)Memory)
        : UserAddress == 0 ? ulong.MaxValue : (ulong)UserAddress;

    protected internal override void OnMmap(nint address)
    {
        if (UserAddress == 0)
        {
            UserAddress = address;
        }
    }

    protected override void OnFree()
    {
        if (_chunk is not null)
        {
            _heapOwner!.FreeHeapRange(HeapOffset, Size);
            _chunk.Put();
        }

        var driver = (AmdxdnaDriver)Device.Driver;
        driver.Forget(this);
        driver.Budget.Uncharge(ChargedBytes);
        base.OnFree();
    }
}
