using AccelInterop.Simulation.Kernel;

namespace AccelInterop.Simulation.Vfio;

/// <summary>
/// What one type1 DMA mapping shows the device: the process's memory from <see cref="UserAddress"/>
/// on (MAP_DMA's vaddr), readable and/or writable by the device. The simulation does not pin: each
/// device access checks that the process still has the memory registered, and faults otherwise.
/// </summary>
internal sealed class VfioDmaMapping(UserMemory memory, ulong userAddress, bool readable, bool writable)
{
    public UserMemory Memory { get; } = memory;
    public ulong UserAddress { get; } = userAddress;
    public bool Readable { get; } = readable;
    public bool Writable { get; } = writable;
}
