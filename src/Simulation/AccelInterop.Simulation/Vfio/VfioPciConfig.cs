using AccelInterop.Simulation.Vfio.Pci;
using static AccelInterop.Runtime.Errors.Errno;

namespace AccelInterop.Simulation.Vfio;

/// <summary>
/// The config space vfio-pci shows the user (<c>vfio_pci_config.c</c>): a virtual copy of the
/// function's header made when the device is first opened (<c>vfio_config_init</c>, after
/// <c>pci_enable_device</c> turned memory decode on), accessed in aligned chunks of 4, 2 or 1
/// bytes (<c>vfio_pci_config_rw_single</c>; outside the space: -EFAULT). Writable here: COMMAND
/// (whose MEMORY bit gates BAR access and dma-bufs), the BARs and the expansion ROM BAR (virtual,
/// so sizing with all ones reads back the size mask with the BAR's type bits, <c>vfio_bar_fixup</c>),
/// the interrupt line, and the MSI capability's enable and message fields; every other write is
/// accepted and dropped, as for read-only bits in the kernel. The MSI-X capability is read only
/// here; where its table lives (<c>vfio_pci_core_enable</c>: msix_bar, msix_offset, msix_size) is
/// kept for the region code, which keeps user access off the table.
/// </summary>
internal sealed class VfioPciConfig
{
    private const ushort CommandWritable = 0x07ff;
    private readonly PciConfigSpace _virtual = new();
    private readonly IPciDevice _device;
    private readonly int _msi;
    private readonly int _msix;

    public VfioPciConfig(IPciDevice device)
    {
        _device = device;
        _msi = device.Config.FindCapability(PciConfigSpace.CapabilityIdMsi);
        _msix = device.Config.FindCapability(PciConfigSpace.CapabilityIdMsix);
        if (_msix != 0)
        {
            uint table = device.Config.Read32(_msix + PciConfigSpace.MsixTable);
            MsixBar = (int)(table & PciConfigSpace.MsixBarIndicator);
            MsixOffset = table & ~PciConfigSpace.MsixBarIndicator;
            MsixSize = (ulong)MsixVectors * PciConfigSpace.MsixEntrySize;
        }

        Reset();
    }

    /// <summary>The BAR that holds the MSI-X table, or -1 without MSI-X (msix_bar 0xff in the kernel).</summary>
    public int MsixBar { get; } = -1;

    /// <summary>Where the MSI-X table starts in <see cref="MsixBar"/>, and its length (vectors × 16).</summary>
    public ulong MsixOffset { get; }

    public ulong MsixSize { get; }

    /// <summary>The number of MSI-X vectors the function offers (QSIZE + 1; 0 without the capability).</summary>
    public int MsixVectors => _msix == 0 ? 0 : (_device.Config.Read16(_msix + PciConfigSpace.MsixFlags) & PciConfigSpace.MsixFlagsQueueSize) + 1;

    /// <summary>Whether [<paramref name="offset"/>, +<paramref name="length"/>) of BAR <paramref name="bar"/> touches the MSI-X table.</summary>
    public bool OverlapsMsixTable(int bar, ulong offset, ulong length) =>
        bar == MsixBar && offset < MsixOffset + MsixSize && offset + length > MsixOffset;

    /// <summary>The virtual COMMAND register.</summary>
    public ushort Command => _virtual.Read16(PciConfigSpace.Command);

    /// <summary>__vfio_pci_memory_enabled: the virtual COMMAND.MEMORY (the simulated device stays in D0).</summary>
    public bool IsMemoryEnabled => (Command & PciConfigSpace.CommandMemory) != 0;

    /// <summary>
    /// COMMAND.MASTER: whether the function may issue memory transactions — its DMA and its MSI
    /// writes. vfio-pci enables the function without setting it (pci_enable_device, not
    /// pci_set_master), so a user-space driver sets it through config space before any DMA.
    /// </summary>
    public bool IsBusMaster => (Command & PciConfigSpace.CommandMaster) != 0;

    /// <summary>The number of MSI vectors the function offers (0 without the capability).</summary>
    public int MsiVectors => _msi == 0 ? 0 : 1 << ((_device.Config.Read16(_msi + PciConfigSpace.MsiFlags) >> 1) & 7);

    /// <summary>Whether INTx exists (an interrupt pin is wired).</summary>
    public bool HasIntx => _device.Config.Read8(PciConfigSpace.InterruptPin) != 0;

    /// <summary>A fresh copy of the function's header, memory decode on (device open, and after a reset).</summary>
    public void Reset()
    {
        _device.Config.Bytes.CopyTo(_virtual.Bytes);
        _virtual.Write16(PciConfigSpace.Command, (ushort)(_virtual.Read16(PciConfigSpace.Command) | PciConfigSpace.CommandMemory));
        for (int bar = 0; bar < 6; bar++)
        {
            _virtual.Write32(PciConfigSpace.Bar0 + (4 * bar), 0);
        }

        _virtual.Write32(PciConfigSpace.ExpansionRom, 0);
    }

    /// <summary>
    /// One chunk of a config access at <paramref name="position"/>: the bytes it covers (4, 2 or 1),
    /// or -EFAULT outside the space. <paramref name="commandWritten"/> reports a COMMAND write.
    /// </summary>
    public int Access(long position, Span<byte> data, bool write, out bool commandWritten)
    {
        commandWritten = false;
        if (position < 0 || position >= PciConfigSpace.Length || data.Length > PciConfigSpace.Length - position)
        {
            return -EFAULT;
        }

        int at = (int)position;
        int count = data.Length >= 4 && at % 4 == 0 ? 4 : data.Length >= 2 && at % 2 == 0 ? 2 : 1;
        if (!write)
        {
            for (int i = 0; i < count; i++)
            {
                data[i] = ReadByte(at + i);
            }

            return count;
        }

        for (int i = 0; i < count; i++)
        {
            commandWritten |= WriteByte(at + i, data[i]);
        }

        return count;
    }

    private byte ReadByte(int at)
    {
        if (at >= PciConfigSpace.Bar0 && at < PciConfigSpace.Bar0 + 24)
        {
            int bar = (at - PciConfigSpace.Bar0) / 4;
            return (byte)(BarRegister(bar) >> (8 * ((at - PciConfigSpace.Bar0) % 4)));
        }

        if (at >= PciConfigSpace.ExpansionRom && at < PciConfigSpace.ExpansionRom + 4)
        {
            ulong window = VfioPciRom.WindowLength(_device);
            uint mask = window == 0 ? 0 : ~(uint)(window - 1) | PciConfigSpace.ExpansionRomEnable;
            return (byte)((_virtual.Read32(PciConfigSpace.ExpansionRom) & mask) >> (8 * (at - PciConfigSpace.ExpansionRom)));
        }

        return _virtual.Read8(at);
    }

    // vfio_bar_fixup: an implemented BAR reads its address masked to its size, with the memory type bits
    // the hardware has; the second dword of a 64-bit BAR holds the upper half of the mask; the rest read 0.
    private uint BarRegister(int bar)
    {
        uint register = _virtual.Read32(PciConfigSpace.Bar0 + (4 * bar));
        ulong length = _device.BarLength(bar);
        if (length != 0)
        {
            uint type = _device.Config.Read32(PciConfigSpace.Bar0 + (4 * bar)) & PciConfigSpace.BarMemoryFlags;
            return (register & (uint)~(length - 1)) | type;
        }

        ulong lower = bar == 0 ? 0 : _device.BarLength(bar - 1);
        bool upperHalf = lower != 0 && (_device.Config.Read32(PciConfigSpace.Bar0 + (4 * (bar - 1))) & PciConfigSpace.BarMemory64) != 0;
        return upperHalf ? register & (uint)(~(lower - 1) >> 32) : 0;
    }

    // The byte lands where vfio-pci lets it; true for a byte of COMMAND.
    private bool WriteByte(int at, byte value)
    {
        if (at is PciConfigSpace.Command or PciConfigSpace.Command + 1)
        {
            byte mask = (byte)(CommandWritable >> (8 * (at - PciConfigSpace.Command)));
            _virtual.Write8(at, (byte)((_virtual.Read8(at) & ~mask) | (value & mask)));
            return true;
        }

        bool writable = (at >= PciConfigSpace.Bar0 && at < PciConfigSpace.Bar0 + 24) || at == PciConfigSpace.InterruptLine ||
            (at >= PciConfigSpace.ExpansionRom && at < PciConfigSpace.ExpansionRom + 4) ||
            (_msi != 0 && at >= _msi + 4 && at < _msi + 14);
        if (_msi != 0 && at == _msi + PciConfigSpace.MsiFlags)
        {
            // Enable and multiple-message-enable are the writable bits of the MSI flags.
            _virtual.Write8(at, (byte)((_virtual.Read8(at) & ~0x71) | (value & 0x71)));
        }
        else if (writable)
        {
            _virtual.Write8(at, value);
        }

        return false;
    }
}
