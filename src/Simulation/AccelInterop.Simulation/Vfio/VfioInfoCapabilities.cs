using System.Runtime.InteropServices;
using AccelInterop.Simulation.Kernel;
using AccelInterop.Simulation.Uapi.Vfio;
using static AccelInterop.Runtime.Errors.Errno;

namespace AccelInterop.Simulation.Vfio;

/// <summary>
/// A capability chain of a VFIO info ioctl (<c>vfio_main.c:vfio_info_cap_add</c>,
/// <c>vfio_info_cap_shift</c>): each capability starts with a <c>vfio_info_cap_header</c>, is padded
/// to 8 bytes, and names the next by its offset from the start of the caller's struct (0 ends the
/// chain). The info handler places the chain right after its struct when argsz has room,
/// else raises argsz to what is needed and leaves cap_offset 0.
/// </summary>
internal sealed class VfioInfoCapabilities
{
    private readonly List<byte> _bytes = [];
    private int _last = -1;

    public int Size => _bytes.Count;

    /// <summary>Appends <paramref name="capability"/> (its header's id and version already set) and <paramref name="tail"/> after it.</summary>
    public void Add<TCapability>(TCapability capability, ReadOnlySpan<byte> tail = default) where TCapability : unmanaged
    {
        int start = _bytes.Count;
        _bytes.AddRange(MemoryMarshal.AsBytes(new ReadOnlySpan<TCapability>(ref capability)));
        _bytes.AddRange(tail);
        while (_bytes.Count % sizeof(ulong) != 0)
        {
            _bytes.Add(0);
        }

        if (_last >= 0)
        {
            // vfio_info_cap_header.next lives at offset 4 (after the u16 id and version).
            WriteNext(_last, (uint)start);
        }

        _last = start;
    }

    /// <summary>
    /// The tail of an info ioctl with this chain (<c>vfio_get_region_info</c>, <c>vfio_iommu_type1_get_info</c>):
    /// with no capabilities nothing changes; otherwise the chain goes right after the struct when
    /// <paramref name="argsz"/> has room (<paramref name="capOffset"/> = the struct's size), or argsz is
    /// raised to what is needed and cap_offset is 0. True when there are capabilities (the caller sets its
    /// CAPS flag); -EFAULT in <paramref name="result"/> when the copy fails.
    /// </summary>
    public bool Place(SimulatedProcess caller, ulong userAddress, int infoSize, ref uint argsz, out uint capOffset, out int result)
    {
        capOffset = 0;
        result = 0;
        if (Size == 0)
        {
            return false;
        }

        int placed = CopyOut(caller, userAddress, argsz, infoSize);
        if (placed < 0)
        {
            result = placed;
            return true;
        }

        if (placed == 0)
        {
            argsz = NeededArgsz(infoSize);
        }

        capOffset = (uint)placed;
        return true;
    }

    /// <summary>
    /// Copies the chain to the caller right after an info struct of <paramref name="infoSize"/> bytes
    /// when <paramref name="argsz"/> has room for it: the cap_offset to report (the struct's size),
    /// 0 when it did not fit, or -EFAULT.
    /// </summary>
    private int CopyOut(SimulatedProcess caller, ulong userAddress, uint argsz, int infoSize)
    {
        if (argsz < (ulong)infoSize + (ulong)Size)
        {
            return 0;
        }

        byte[] shifted = [.. _bytes];
        for (int at = 0; ;)
        {
            uint next = BitConverter.ToUInt32(shifted, at + 4);
            if (next == 0)
            {
                break;
            }

            BitConverter.TryWriteBytes(shifted.AsSpan(at + 4), next + (uint)infoSize);
            at = (int)next;
        }

        return caller.Memory.CopyArgumentToUser(userAddress + (ulong)infoSize, shifted) < 0 ? -EFAULT : infoSize;
    }

    /// <summary>The size an info struct of <paramref name="infoSize"/> bytes needs with the chain after it.</summary>
    private uint NeededArgsz(int infoSize) => checked((uint)(infoSize + Size));

    public static vfio_info_cap_header Header(int id, int version) => new() { id = (ushort)id, version = (ushort)version };

    private void WriteNext(int at, uint next)
    {
        Span<byte> value = stackalloc byte[sizeof(uint)];
        BitConverter.TryWriteBytes(value, next);
        for (int i = 0; i < value.Length; i++)
        {
            _bytes[at + 4 + i] = value[i];
        }
    }
}
