using System.Runtime.InteropServices;
using AccelInterop.Runtime.Devices;
using AccelInterop.Runtime.Errors;
using AccelInterop.Simulation.Tests.Uapi.Amdxdna;

namespace AccelInterop.Simulation.Tests.Amdxdna;

/// <summary>
/// User space of an AIE4 user-mode queue: a SHARE BO with the host queue header (capacity 32,
/// slots after the header), a context on it, the doorbell page mapped.
/// </summary>
internal sealed class UserModeQueue : IDisposable
{
    public const int Capacity = 32;

    public UserModeQueue(NpuRig rig, DeviceFile? file = null)
    {
        File = file ?? rig.File;
        Bo = rig.Bo(amdxdna_bo_type.AMDXDNA_BO_SHARE, 4096, File);
        Queue = rig.Map(Bo, File);
        MemoryMarshal.Write(Queue.Span[12..], (uint)Capacity);
        amdxdna_drm_create_hwctx context = rig.Context(numTiles: 4, umqBo: Bo, file: File);
        Context = context.handle;
        DoorbellOffset = context.umq_doorbell;
        Doorbell = File.Map(4096, DoorbellOffset).Value;
    }

    public DeviceFile File { get; }
    public uint Bo { get; }
    public uint Context { get; }
    public uint DoorbellOffset { get; }
    public MappedRegion Queue { get; }
    public MappedRegion Doorbell { get; }

    public ulong ReadIndex => MemoryMarshal.Read<ulong>(Queue.Span);

    public ulong WriteIndex => MemoryMarshal.Read<ulong>(Queue.Span[16..]);

    public Span<byte> Slot(ulong index) => Queue.Span.Slice(64 + (int)(index % Capacity) * 64, 64);

    /// <summary>Writes a packet into the next slot, bumps write_index; the command's seq.</summary>
    public ulong Push(uint opcode = 0, ulong source = 0, ulong destination = 0, uint count = 0)
    {
        ulong write = WriteIndex;
        Span<byte> slot = Slot(write);
        slot.Clear();
        MemoryMarshal.Write(slot, opcode);
        MemoryMarshal.Write(slot[8..], source);
        MemoryMarshal.Write(slot[16..], destination);
        MemoryMarshal.Write(slot[24..], count);
        Interlocked.Exchange(ref MemoryMarshal.GetReference(MemoryMarshal.Cast<byte, long>(Queue.Span[16..24])), (long)(write + 1));
        return write;
    }

    public void Ring() => Interlocked.Exchange(ref MemoryMarshal.GetReference(MemoryMarshal.Cast<byte, int>(Doorbell.Span[..4])), 1);

    public Errno Wait(NpuRig rig, ulong seq, uint timeoutMs) => rig.WaitCmd(Context, seq, timeoutMs, File);

    public void Dispose()
    {
        Doorbell.Dispose();
        Queue.Dispose();
    }
}
