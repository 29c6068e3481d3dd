namespace AccelInterop.Simulation.Vfio.Pci;

/// <summary>
/// QEMU's educational PCI device (<c>hw/misc/edu.c</c>, <c>docs/specs/edu.rst</c>), modelled from its
/// register description: BAR0 is 1 MiB of registers — identification, liveness (reads back the
/// inverse of what was written), factorial with a busy bit and an optional interrupt, interrupt
/// raise/status/acknowledge, and a DMA engine (source, destination, count, command) that moves
/// bytes between bus addresses and a 4 KiB buffer the device decodes at 0x40000. Registers below
/// 0x80 take 4-byte accesses only, the DMA registers 4 or 8; any other access reads all ones and
/// writes nothing. The factorial and the DMA finish asynchronously, in <see cref="Step"/> (QEMU
/// uses a thread and a 100 ms timer), so a driver has to poll the busy bits or wait for the interrupt.
/// Bus addresses are masked to the device's 28-bit DMA mask, as edu does. A transfer whose buffer
/// side leaves the 4 KiB buffer is dropped (QEMU only logs it), and one that reaches an address the
/// IOMMU does not map still completes as far as the device can tell: the read gives zeros, the
/// write goes nowhere, the IOMMU records the fault (<see cref="IPciBus"/>), and the completion and
/// its interrupt come as usual — the device has no error status to report it with.
/// </summary>
public sealed class EduDevice : IPciDevice
{
    public const ushort Vendor = 0x1234;
    public const ushort Device = 0x11e8;
    public const byte RevisionId = 0x10;

    /// <summary>BAR0's length: 1 MiB.</summary>
    public const ulong Bar0Length = 1 << 20;

    public const ulong RegisterIdentification = 0x00;
    public const ulong RegisterLiveness = 0x04;
    public const ulong RegisterFactorial = 0x08;
    public const ulong RegisterStatus = 0x20;
    public const ulong RegisterInterruptStatus = 0x24;
    public const ulong RegisterInterruptRaise = 0x60;
    public const ulong RegisterInterruptAcknowledge = 0x64;
    public const ulong RegisterDmaSource = 0x80;
    public const ulong RegisterDmaDestination = 0x88;
    public const ulong RegisterDmaCount = 0x90;
    public const ulong RegisterDmaCommand = 0x98;

    /// <summary>The identification register: version 1.0 and the 0xed magic.</summary>
    public const uint Identification = 0x010000ed;

    /// <summary>Status bits: factorial computing (read only), interrupt after the factorial.</summary>
    public const uint StatusComputing = 0x01, StatusInterruptOnFactorial = 0x80;

    /// <summary>DMA command bits: run, direction (set: from the device's buffer to memory), interrupt on completion.</summary>
    public const ulong DmaRun = 0x1, DmaToMemory = 0x2, DmaInterrupt = 0x4;

    /// <summary>Interrupt status values the device raises itself: factorial done, DMA done.</summary>
    public const uint InterruptFactorial = 0x001, InterruptDma = 0x100;

    /// <summary>Where the DMA buffer sits in the device's own address map, and its size.</summary>
    public const ulong DmaBufferAddress = 0x40000;
    public const int DmaBufferLength = 4096;

    /// <summary>The default DMA mask: 28 bits.</summary>
    public const ulong DmaMask = (1UL << 28) - 1;

    /// <summary>Where the MSI capability lives (QEMU's first free capability offset).</summary>
    public const int MsiCapabilityOffset = 0x40;

    private readonly Lock _lock = new();
    private readonly byte[] _dmaBuffer = new byte[DmaBufferLength];
    private IPciBus? _bus;
    private uint _liveness;
    private uint _factorial;
    private uint _status;
    private uint _interruptStatus;
    private ulong _dmaSource, _dmaDestination, _dmaCount, _dmaCommand;

    public EduDevice()
    {
        Config = new PciConfigSpace();
        Config.Write16(PciConfigSpace.VendorId, Vendor);
        Config.Write16(PciConfigSpace.DeviceId, Device);
        Config.Write16(PciConfigSpace.Status, PciConfigSpace.StatusCapabilityList);
        Config.Write8(PciConfigSpace.Revision, RevisionId);
        // QEMU hw/misc/edu.c sets the class word to PCI_CLASS_OTHERS (0xff): subclass 0xff, base class 0x00,
        // as the real device reads through vfio-pci (found by the kernel lane).
        Config.Write16(PciConfigSpace.SubClass, 0x00ff);
        Config.Write16(PciConfigSpace.SubsystemVendorId, 0x1af4); // QEMU's default subsystem IDs
        Config.Write16(PciConfigSpace.SubsystemId, 0x1100);
        Config.Write8(PciConfigSpace.CapabilityList, MsiCapabilityOffset);
        Config.Write8(PciConfigSpace.InterruptPin, 1);
        Config.Write8(MsiCapabilityOffset, PciConfigSpace.CapabilityIdMsi);
        Config.Write16(MsiCapabilityOffset + PciConfigSpace.MsiFlags, PciConfigSpace.MsiFlags64Bit);
    }

    public string ModelName => "edu";

    public PciConfigSpace Config { get; }

    /// <summary>No expansion ROM.</summary>
    public ReadOnlyMemory<byte> ExpansionRom => ReadOnlyMemory<byte>.Empty;

    /// <summary>edu has no FLR and no PM reset: vfio-pci cannot reset it.</summary>
    public bool HasFunctionReset => false;

    /// <summary>What the interrupt status register holds now.</summary>
    public uint InterruptStatus
    {
        get
        {
            lock (_lock)
            {
                return _interruptStatus;
            }
        }
    }

    public ulong BarLength(int bar) => bar == 0 ? Bar0Length : 0;

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

    public ulong ReadRegister(int bar, ulong offset, int size)
    {
        ulong allOnes = size >= 8 ? ulong.MaxValue : (1UL << (size * 8)) - 1;
        if (bar != 0 || !IsValidAccess(offset, size))
        {
            return allOnes;
        }

        lock (_lock)
        {
            ulong value = offset switch
            {
                RegisterIdentification => Identification,
                RegisterLiveness => _liveness,
                RegisterFactorial => _factorial,
                RegisterStatus => _status,
                RegisterInterruptStatus => _interruptStatus,
                RegisterDmaSource => _dmaSource,
                RegisterDmaDestination => _dmaDestination,
                RegisterDmaCount => _dmaCount,
                RegisterDmaCommand => _dmaCommand,
                _ => ulong.MaxValue,
            };
            return value & allOnes;
        }
    }

    public void WriteRegister(int bar, ulong offset, ulong value, int size)
    {
        if (bar != 0 || !IsValidAccess(offset, size))
        {
            return;
        }

        lock (_lock)
        {
            switch (offset)
            {
                case RegisterLiveness:
                    _liveness = ~(uint)value;
                    break;
                case RegisterFactorial when (_status & StatusComputing) == 0:
                    _factorial = (uint)value;
                    _status |= StatusComputing;
                    break;
                case RegisterStatus:
                    _status = ((uint)value & StatusInterruptOnFactorial) != 0
                        ? _status | StatusInterruptOnFactorial
                        : _status & ~StatusInterruptOnFactorial;
                    break;
                case RegisterInterruptRaise:
                    RaiseLocked((uint)value);
                    break;
                case RegisterInterruptAcknowledge:
                    LowerLocked((uint)value);
                    break;
                case RegisterDmaSource or RegisterDmaDestination or RegisterDmaCount or RegisterDmaCommand:
                    WriteDmaRegisterLocked(offset, value);
                    break;
            }
        }
    }

    public bool Step()
    {
        lock (_lock)
        {
            bool progressed = false;
            if ((_status & StatusComputing) != 0)
            {
                uint result = 1;
                for (uint n = _factorial; n > 0; n--)
                {
                    result = unchecked(result * n);
                }

                _factorial = result;
                _status &= ~StatusComputing;
                if ((_status & StatusInterruptOnFactorial) != 0)
                {
                    RaiseLocked(InterruptFactorial);
                }

                progressed = true;
            }

            if ((_dmaCommand & DmaRun) != 0)
            {
                RunDmaLocked();
                progressed = true;
            }

            return progressed;
        }
    }

    public override string ToString() => "edu";

    // Below 0x80 only 4-byte accesses are decoded; from 0x80 on, 4 or 8.
    private static bool IsValidAccess(ulong offset, int size) => offset < 0x80 ? size == 4 : size is 4 or 8;

    // The DMA registers are frozen while a transfer runs; a command without the run bit is ignored.
    private void WriteDmaRegisterLocked(ulong offset, ulong value)
    {
        if ((_dmaCommand & DmaRun) != 0 || (offset == RegisterDmaCommand && (value & DmaRun) == 0))
        {
            return;
        }

        switch (offset)
        {
            case RegisterDmaSource:
                _dmaSource = value;
                break;
            case RegisterDmaDestination:
                _dmaDestination = value;
                break;
            case RegisterDmaCount:
                _dmaCount = value;
                break;
            default:
                _dmaCommand = value;
                break;
        }
    }

    private void RunDmaLocked()
    {
        bool toMemory = (_dmaCommand & DmaToMemory) != 0;
        ulong bufferSide = toMemory ? _dmaSource : _dmaDestination;
        ulong busSide = (toMemory ? _dmaDestination : _dmaSource) & DmaMask;
        if (bufferSide >= DmaBufferAddress && _dmaCount <= DmaBufferLength &&
            bufferSide - DmaBufferAddress <= (ulong)DmaBufferLength - _dmaCount)
        {
            Span<byte> window = _dmaBuffer.AsSpan((int)(bufferSide - DmaBufferAddress), (int)_dmaCount);
            if (toMemory)
            {
                _bus?.DmaWrite(busSide, window);
            }
            else if (_bus is null || _bus.DmaRead(busSide, window) < 0)
            {
                window.Clear();
            }
        }

        _dmaCommand &= ~DmaRun;
        if ((_dmaCommand & DmaInterrupt) != 0)
        {
            RaiseLocked(InterruptDma);
        }
    }

    private void RaiseLocked(uint value)
    {
        _interruptStatus |= value;
        if (_interruptStatus == 0 || _bus is null)
        {
            return;
        }

        if (_bus.IsMsiEnabled)
        {
            _bus.SignalMsi(0);
        }
        else
        {
            _bus.SetIntx(true);
        }
    }

    private void LowerLocked(uint value)
    {
        _interruptStatus &= ~value;
        if (_interruptStatus == 0 && _bus is { IsMsiEnabled: false })
        {
            _bus.SetIntx(false);
        }
    }
}
