using System.Numerics;

namespace AccelInterop.Simulation.Vfio.Pci;

/// <summary>
/// QEMU's inter-VM shared memory device with doorbells, <c>ivshmem-doorbell</c>
/// (<c>hw/misc/ivshmem-pci.c</c>, <c>docs/specs/ivshmem-spec.rst</c>), modelled from its
/// description: vendor 0x1af4, device 0x1110, revision 1, class RAM memory controller (0x0500);
/// BAR0 is 256 bytes of registers (interrupt mask, interrupt status (cleared by a read), IVPosition, doorbell); BAR1 is
/// the MSI-X BAR QEMU makes with <c>msix_init_exclusive_bar</c> (4 KiB, the vector table at 0 and
/// the pending bit array at 2 KiB); BAR2 is the shared memory, a 64-bit prefetchable BAR. A ROM image
/// can be given, as QEMU's <c>romfile</c> property gives one to any PCI device. This model is a
/// peer alone on its server: IVPosition reads 0, and a doorbell write (peer id in bits 31:16,
/// vector in 15:0) to peer 0 sends that MSI-X vector when MSI-X is enabled (lost otherwise, as QEMU's
/// <c>ivshmem_vector_notify</c> does for a doorbell device); a doorbell to any other peer goes
/// nowhere. Registers take aligned 4-byte accesses; other accesses read 0 and write nothing.
/// The shared memory takes any access inside it.
/// </summary>
public sealed class IvshmemDoorbellDevice : IPciDevice
{
    public const ushort Vendor = 0x1af4;
    public const ushort Device = 0x1110;
    public const byte RevisionId = 1;

    /// <summary>PCI_CLASS_MEMORY_RAM.</summary>
    public const ushort ClassMemoryRam = 0x0500;

    public const int RegisterBar = 0, MsixBar = 1, SharedMemoryBar = 2;

    /// <summary>BAR0's length and its registers.</summary>
    public const ulong RegisterBarLength = 256;
    public const ulong RegisterInterruptMask = 0x00, RegisterInterruptStatus = 0x04, RegisterIvPosition = 0x08, RegisterDoorbell = 0x0c;

    /// <summary>The exclusive MSI-X BAR's length, and where its pending bit array starts.</summary>
    public const ulong MsixBarLength = 4096, MsixPbaOffset = 2048;

    /// <summary>Where the MSI-X capability lives (the first free capability offset).</summary>
    public const int MsixCapabilityOffset = 0x40;

    /// <summary>QEMU's default number of vectors is 1; the exclusive 4 KiB BAR holds up to 128.</summary>
    public const int MaxVectors = (int)(MsixPbaOffset / PciConfigSpace.MsixEntrySize);

    private readonly Lock _lock = new();
    private readonly byte[] _sharedMemory;
    private readonly byte[] _rom;
    private IPciBus? _bus;
    private uint _interruptMask;
    private uint _interruptStatus;

    /// <param name="vectors">MSI-X vectors (QEMU's <c>vectors</c> property), 1..<see cref="MaxVectors"/>.</param>
    /// <param name="sharedMemoryLength">The shared memory's size: a power of two of at least a page.</param>
    /// <param name="expansionRom">The ROM image (QEMU's <c>romfile</c>), or null for none.</param>
    public IvshmemDoorbellDevice(int vectors = 1, int sharedMemoryLength = 1 << 20, byte[]? expansionRom = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(vectors, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(vectors, MaxVectors);
        if (sharedMemoryLength < 4096 || !BitOperations.IsPow2(sharedMemoryLength))
        {
            throw new ArgumentOutOfRangeException(nameof(sharedMemoryLength), sharedMemoryLength, "a power of two of at least 4096");
        }

        Vectors = vectors;
        _sharedMemory = new byte[sharedMemoryLength];
        _rom = expansionRom ?? [];
        Config = new PciConfigSpace();
        Config.Write16(PciConfigSpace.VendorId, Vendor);
        Config.Write16(PciConfigSpace.DeviceId, Device);
        Config.Write16(PciConfigSpace.Status, PciConfigSpace.StatusCapabilityList);
        Config.Write8(PciConfigSpace.Revision, RevisionId);
        Config.Write16(PciConfigSpace.SubClass, ClassMemoryRam);
        Config.Write16(PciConfigSpace.SubsystemVendorId, 0x1af4); // QEMU's default subsystem IDs
        Config.Write16(PciConfigSpace.SubsystemId, 0x1100);
        Config.Write32(PciConfigSpace.Bar0 + (4 * SharedMemoryBar), PciConfigSpace.BarMemory64 | PciConfigSpace.BarPrefetchable);
        Config.Write8(PciConfigSpace.InterruptPin, 1);
        Config.Write8(PciConfigSpace.CapabilityList, MsixCapabilityOffset);
        Config.Write8(MsixCapabilityOffset, PciConfigSpace.CapabilityIdMsix);
        Config.Write16(MsixCapabilityOffset + PciConfigSpace.MsixFlags, (ushort)(vectors - 1));
        Config.Write32(MsixCapabilityOffset + PciConfigSpace.MsixTable, MsixBar);
        Config.Write32(MsixCapabilityOffset + PciConfigSpace.MsixPba, (uint)MsixPbaOffset | MsixBar);
    }

    public string ModelName => "ivshmem-doorbell";

    public PciConfigSpace Config { get; }

    public ReadOnlyMemory<byte> ExpansionRom => _rom;

    /// <summary>ivshmem has no FLR and no PM reset.</summary>
    public bool HasFunctionReset => false;

    /// <summary>The MSI-X vectors the function offers.</summary>
    public int Vectors { get; }

    /// <summary>The shared memory, as another peer on the server would see it.</summary>
    public Span<byte> SharedMemory => _sharedMemory;

    public ulong BarLength(int bar) => bar switch
    {
        RegisterBar => RegisterBarLength,
        MsixBar => MsixBarLength,
        SharedMemoryBar => (ulong)_sharedMemory.Length,
        _ => 0,
    };

    public void Connect(IPciBus? bus)
    {
        lock (_lock)
        {
            _bus = bus;
        }
    }

    public void Reset()
    {
    }

    public bool Step() => false;

    public ulong ReadRegister(int bar, ulong offset, int size)
    {
        lock (_lock)
        {
            return bar switch
            {
                RegisterBar when size == 4 && offset % 4 == 0 => ReadControl(offset),
                SharedMemoryBar => ReadBytes(_sharedMemory, offset, size),
                _ => 0, // the MSI-X table and PBA hold nothing the model uses
            };
        }
    }

    public void WriteRegister(int bar, ulong offset, ulong value, int size)
    {
        IPciBus? bus;
        int vector = -1;
        lock (_lock)
        {
            if (bar == SharedMemoryBar)
            {
                WriteBytes(_sharedMemory, offset, value, size);
                return;
            }

            if (bar != RegisterBar || size != 4 || offset % 4 != 0)
            {
                return;
            }

            switch (offset)
            {
                case RegisterInterruptMask:
                    _interruptMask = (uint)value;
                    return;
                case RegisterInterruptStatus:
                    _interruptStatus = (uint)value;
                    return;
                case RegisterDoorbell when (value >> 16 & 0xffff) == 0 && (int)(value & 0xffff) < Vectors:
                    vector = (int)(value & 0xffff);
                    break;
                default:
                    return;
            }

            bus = _bus;
        }

        // Outside the lock: the bus signals an eventfd.
        if (bus is { IsMsiEnabled: true })
        {
            bus.SignalMsi(vector);
        }
    }

    private ulong ReadControl(ulong offset)
    {
        switch (offset)
        {
            case RegisterInterruptMask:
                return _interruptMask;
            case RegisterInterruptStatus:
                uint status = _interruptStatus; // reading the status clears it
                _interruptStatus = 0;
                return status;
            default:
                return 0; // IVPosition is 0 (this peer); the doorbell is write only
        }
    }

    private static ulong ReadBytes(byte[] memory, ulong offset, int size)
    {
        ulong value = 0;
        for (int i = size - 1; i >= 0; i--)
        {
            ulong at = offset + (ulong)i;
            value = (value << 8) | (at < (ulong)memory.Length ? memory[at] : 0UL);
        }

        return value;
    }

    private static void WriteBytes(byte[] memory, ulong offset, ulong value, int size)
    {
        for (int i = 0; i < size && offset + (ulong)i < (ulong)memory.Length; i++)
        {
            memory[offset + (ulong)i] = (byte)(value >> (8 * i));
        }
    }
}
