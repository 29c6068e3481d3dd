using AccelInterop.Simulation.Vfio.Pci;
using static AccelInterop.Runtime.Errors.Errno;

namespace AccelInterop.Simulation.Vfio;

/// <summary>
/// The config space vfio-pci shows the user (<c>vfio_pci_config.c</c>): a virtual copy of the
/// function's header made when the device is first opened (<c>vfio_config_init</c>, after
/// <c>pci_enable_device</c> turned memory decode on), accessed in aligned chunks of 4, 2 or 1
/// bytes (<c>vfio_pci_config_rw_single</c>; outside the space: -EFAULT). Writable here: COMMAND
/// (whose MEMORY bit gates BAR access and dma-bufs), the BARs (virtual, so sizing with all ones
/// reads back the size mask), the interrupt line, and the MSI capability's enable and message
/// fields; every other write is accepted and dropped, as for read-only bits in the kernel.
/// </summary>
internal sealed class VfioPciConfig
{
    private const ushort CommandWritable = 0x07ff;
    private readonly PciConfigSpace _virtual = new();
    private readonly IPciDevice _device;
    private readonly int _msi;

    public VfioPciConfig(IPciDevice device)
    {
        _device = device;
        _msi = device.Config.FindCapability(PciConfigSpace.CapabilityIdMsi);
        Reset();
    }

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
            ulong length = _device.BarLength(bar);
            uint value = length == 0 ? 0 : _virtual.Read32(PciConfigSpace.Bar0 + (4 * bar)) & ~(uint)(length - 1);
            return (byte)(value >> (8 * ((at - PciConfigSpace.Bar0) % 4)));
        }

        return _virtual.Read8(at);
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
