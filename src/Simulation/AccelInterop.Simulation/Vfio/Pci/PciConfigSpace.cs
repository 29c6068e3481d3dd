using System.Buffers.Binary;

namespace AccelInterop.Simulation.Vfio.Pci;

/// <summary>
/// The 256-byte config space of a conventional PCI function (little endian), with the offsets and
/// bits of <c>include/uapi/linux/pci_regs.h</c> that the simulation uses. The device model fills it;
/// vfio-pci keeps its own virtual copy (<c>vconfig</c>) on top.
/// </summary>
public sealed class PciConfigSpace
{
    public const int Length = 256;

    public const int VendorId = 0x00;
    public const int DeviceId = 0x02;
    public const int Command = 0x04;
    public const int Status = 0x06;
    public const int Revision = 0x08;
    public const int ClassProgrammingInterface = 0x09;
    public const int SubClass = 0x0a;
    public const int BaseClass = 0x0b;
    public const int HeaderType = 0x0e;
    public const int Bar0 = 0x10;
    public const int SubsystemVendorId = 0x2c;
    public const int SubsystemId = 0x2e;
    public const int ExpansionRom = 0x30;
    public const int CapabilityList = 0x34;
    public const int InterruptLine = 0x3c;
    public const int InterruptPin = 0x3d;

    /// <summary>PCI_COMMAND_IO, _MEMORY, _MASTER, _INTX_DISABLE.</summary>
    public const ushort CommandIo = 0x1, CommandMemory = 0x2, CommandMaster = 0x4, CommandIntxDisable = 0x400;

    /// <summary>PCI_STATUS_INTERRUPT, PCI_STATUS_CAP_LIST.</summary>
    public const ushort StatusInterrupt = 0x8, StatusCapabilityList = 0x10;

    /// <summary>PCI_BASE_ADDRESS_MEM_TYPE_64 and PCI_BASE_ADDRESS_MEM_PREFETCH: the read-only low bits of a memory BAR.</summary>
    public const uint BarMemory64 = 0x4, BarPrefetchable = 0x8, BarMemoryFlags = 0xf;

    /// <summary>PCI_ROM_ADDRESS_ENABLE: the expansion ROM BAR's decode bit.</summary>
    public const uint ExpansionRomEnable = 0x1;

    /// <summary>
    /// PCI_CAP_ID_MSIX; in its capability: PCI_MSIX_FLAGS (+2, QSIZE = table size - 1, MASKALL,
    /// ENABLE), PCI_MSIX_TABLE (+4) and PCI_MSIX_PBA (+8), each a BAR indicator (BIR, bits 2:0) and an offset.
    /// </summary>
    public const byte CapabilityIdMsix = 0x11;
    public const int MsixFlags = 2, MsixTable = 4, MsixPba = 8;
    public const ushort MsixFlagsQueueSize = 0x07ff, MsixFlagsMaskAll = 0x4000, MsixFlagsEnable = 0x8000;
    public const uint MsixBarIndicator = 0x7;

    /// <summary>The size of one MSI-X table entry (PCI_MSIX_ENTRY_SIZE).</summary>
    public const int MsixEntrySize = 16;

    /// <summary>The class word of a VGA-compatible display controller (PCI_CLASS_DISPLAY_VGA).</summary>
    public const ushort ClassDisplayVga = 0x0300;

    /// <summary>PCI_CAP_ID_MSI; in its capability: PCI_MSI_FLAGS (+2), PCI_MSI_FLAGS_ENABLE, PCI_MSI_FLAGS_64BIT.</summary>
    public const byte CapabilityIdMsi = 0x05;
    public const int MsiFlags = 2;
    public const ushort MsiFlagsEnable = 0x1, MsiFlags64Bit = 0x80;

    private readonly byte[] _bytes = new byte[Length];

    /// <summary>The raw bytes.</summary>
    public Span<byte> Bytes => _bytes;

    public byte Read8(int offset) => _bytes[offset];

    public ushort Read16(int offset) => BinaryPrimitives.ReadUInt16LittleEndian(_bytes.AsSpan(offset));

    public uint Read32(int offset) => BinaryPrimitives.ReadUInt32LittleEndian(_bytes.AsSpan(offset));

    public void Write8(int offset, byte value) => _bytes[offset] = value;

    public void Write16(int offset, ushort value) => BinaryPrimitives.WriteUInt16LittleEndian(_bytes.AsSpan(offset), value);

    public void Write32(int offset, uint value) => BinaryPrimitives.WriteUInt32LittleEndian(_bytes.AsSpan(offset), value);

    /// <summary>The offset of capability <paramref name="id"/> in the capability list, or 0.</summary>
    public int FindCapability(byte id)
    {
        if ((Read16(Status) & StatusCapabilityList) == 0)
        {
            return 0;
        }

        // The list lives in the device-specific part (0x40..0xff); a loop is cut off after 48 hops as pci_find_capability does.
        int position = Read8(CapabilityList) & ~3;
        for (int hops = 0; position >= 0x40 && hops < 48; hops++)
        {
            if (Read8(position) == id)
            {
                return position;
            }

            position = Read8(position + 1) & ~3;
        }

        return 0;
    }
}
