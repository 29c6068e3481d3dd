using AccelInterop.Simulation.Iommufd;
using AccelInterop.Simulation.Kernel;
using AccelInterop.Simulation.Vfio.Pci;
using static AccelInterop.Runtime.Errors.Errno;
using static AccelInterop.Simulation.Uapi.Vfio.Vfio;

namespace AccelInterop.Simulation.Vfio;

/// <summary>
/// A PCI function bound to the simulated vfio-pci (<c>drivers/vfio/pci/vfio_pci_core.c</c>): the
/// device side of every device file opened on it. It owns the virtual config space, the
/// interrupt triggers and the dma-bufs exported from its BARs, gates BAR access on memory decode
/// (region access -EIO, mappings SIGBUS), and is the bus its model does DMA and interrupts on:
/// DMA goes through the IOMMU of the container its group is attached to; a blocked access is
/// recorded in <see cref="IommuFaults"/>. The model's asynchronous work runs on a firmware host
/// (its own thread, or the kernel's scheduling points when firmware runs inline; there every BAR
/// load is one).
/// </summary>
public sealed class VfioPciDevice : IPciBus
{
    /// <summary>A region's place in the device file: index &lt;&lt; 40 (VFIO_PCI_OFFSET_SHIFT).</summary>
    public const int OffsetShift = 40;

    /// <summary>How many IOMMU faults are kept (the oldest go first), so a device that keeps faulting stays bounded.</summary>
    public const int FaultLogLength = 1024;

    private readonly Lock _lock = new();
    private readonly List<VfioPciDmaBuf> _dmaBufs = [];
    private readonly List<IommuFault> _faults = [];
    private readonly FirmwareHost _host;
    private EventFdContext? _wakeup;
    private IIommuDomain? _iommufdDomain;
    private int _openCount;
    private IommufdDevice? _groupBinding;
    private OpenFile? _groupBindingFile;
    private bool _lowPower;

    internal VfioPciDevice(SimulatedKernel kernel, IPciDevice model, string name, VfioGroup group, VfioPciOptions options)
    {
        Kernel = kernel;
        Model = model;
        Name = name;
        Group = group;
        Options = options;
        Config = new VfioPciConfig(model);
        Interrupts = new VfioPciInterrupts(Config);
        Ioeventfds = new VfioPciIoeventfds(this);
        Address = PciAddress.Parse(name);
        _host = new FirmwareHost(kernel, $"{model.ModelName} {name}", new ModelStepper(model), static () => false);
    }

    public SimulatedKernel Kernel { get; }

    /// <summary>The function's model.</summary>
    public IPciDevice Model { get; }

    /// <summary>The PCI name GET_DEVICE_FD matches ("DDDD:BB:DD.F").</summary>
    public string Name { get; }

    public VfioGroup Group { get; }

    /// <summary>The device's cdev node, /dev/vfio/devices/vfioN (N is the vfio device index).</summary>
    public string CdevPath { get; internal set; } = "";

    public VfioPciOptions Options { get; }

    /// <summary>How many device files are open on the device (open_count).</summary>
    public int OpenCount => Volatile.Read(ref _openCount);

    /// <summary>The DMAs the IOMMU blocked, in order (the last <see cref="FaultLogLength"/>).</summary>
    public IReadOnlyList<IommuFault> IommuFaults
    {
        get
        {
            lock (_faults)
            {
                return [.. _faults];
            }
        }
    }

    /// <summary>The dma-bufs exported from the device that are still attached to it.</summary>
    public int DmaBufCount
    {
        get
        {
            lock (_lock)
            {
                return _dmaBufs.Count;
            }
        }
    }

    internal VfioPciConfig Config { get; }

    internal VfioPciInterrupts Interrupts { get; }

    internal VfioPciIoeventfds Ioeventfds { get; }

    /// <summary>Where the function sits (from its name): on the root bus there is no bus to reset.</summary>
    internal PciAddress Address { get; }

    /// <summary>A bound cdev file opened the device (vfio_device_cdev_opened).</summary>
    internal bool CdevOpened { get; set; }

    /// <summary>vfio_pci_core_device reset_works.</summary>
    internal bool ResetWorks => Model.HasFunctionReset;

    bool IPciBus.IsMsiEnabled => Interrupts.IsMsiEnabled;

    // The bus side: DMA through the container's IOMMU, interrupts to the triggers. Without
    // COMMAND.MASTER the function's memory transactions — DMA and MSI writes alike — never reach
    // the bus (found by the kernel lane: on the real kernel an edu DMA before the driver set the
    // bit moved nothing and raised no MSI); INTx is a wire, not a transaction.
    int IPciBus.DmaRead(ulong address, Span<byte> destination) =>
        Config.IsBusMaster ? Dma(address, destination.Length, write: false, destination, default) : -EIO;

    int IPciBus.DmaWrite(ulong address, ReadOnlySpan<byte> source) =>
        Config.IsBusMaster ? Dma(address, source.Length, write: true, default, source) : -EIO;

    void IPciBus.SignalMsi(int vector)
    {
        if (Config.IsBusMaster)
        {
            Interrupts.SignalMsi(vector);
        }
    }

    void IPciBus.SetIntx(bool asserted) => Interrupts.SetIntx(asserted);

    /// <summary>
    /// vfio_df_open: the first open enables the function (fresh virtual config, memory decode on). Only
    /// the group path opens a device more than once: a cdev open of an open device is -EINVAL.
    /// </summary>
    internal int Open(bool cdev)
    {
        lock (_lock)
        {
            if (cdev && _openCount != 0)
            {
                return -EINVAL;
            }

            if (_openCount++ == 0)
            {
                Config.Reset();
                Model.Connect(this);
            }

            return 0;
        }
    }

    /// <summary>
    /// vfio_df_device_first_open with the group's iommufd (vfio_df_iommufd_bind), then
    /// vfio_iommufd_compat_attach_ioas: a device opened through a group set on an iommufd is bound
    /// there once and joins the compatibility IOAS; later opens share the binding and the last close
    /// ends it (<see cref="Close"/>). A failed attach leaves the binding for that close to end.
    /// </summary>
    internal int BindForGroup(IommufdContext context, OpenFile contextFile)
    {
        IommufdDevice bound;
        lock (_lock)
        {
            if (_groupBinding is not null)
            {
                return 0;
            }

            bound = context.Bind(this);
            contextFile.Get();
            _groupBinding = bound;
            _groupBindingFile = contextFile;
        }

        return context.AttachCompat(bound);
    }

    /// <summary>The iommufd page table a cdev device file attached the device to (null: detached).</summary>
    internal void AttachIommufd(IIommuDomain? domain) => Volatile.Write(ref _iommufdDomain, domain);

    /// <summary>vfio_df_close: the last close disables interrupts and revokes every dma-buf for good.</summary>
    internal void Close()
    {
        VfioPciDmaBuf[] buffers = [];
        IommufdDevice? binding = null;
        OpenFile? bindingFile = null;
        lock (_lock)
        {
            if (--_openCount == 0)
            {
                binding = _groupBinding;
                bindingFile = _groupBindingFile;
                _groupBinding = null;
                _groupBindingFile = null;
                Interrupts.DisableAll();
                Ioeventfds.DisableAll();
                Model.Connect(null);
                buffers = [.. _dmaBufs];
                _dmaBufs.Clear();
                _lowPower = false;
                _wakeup?.Put();
                _wakeup = null;
            }
        }

        foreach (VfioPciDmaBuf buffer in buffers)
        {
            buffer.Cleanup();
        }

        if (binding is not null)
        {
            binding.Context.Unbind(binding); // vfio_df_iommufd_unbind
            bindingFile!.Put();
        }
    }

    /// <summary>__vfio_pci_memory_enabled, with the low-power state that also stops BAR access through mappings.</summary>
    internal bool IsMappedMemoryReachable => Config.IsMemoryEnabled && !Volatile.Read(ref _lowPower);

    /// <summary>A load through a BAR mapping: SIGBUS (-EFAULT) while memory decode is off or the function is in low power.</summary>
    internal int LoadBar(int bar, ulong offset, int size, out ulong value)
    {
        value = 0;
        if (!IsMappedMemoryReachable)
        {
            return -EFAULT;
        }

        RunInlineFirmware();
        value = Model.ReadRegister(bar, offset, size);
        return 0;
    }

    /// <summary>A store through a BAR mapping, with <see cref="LoadBar"/>'s rule.</summary>
    internal int StoreBar(int bar, ulong offset, ulong value, int size)
    {
        if (!IsMappedMemoryReachable)
        {
            return -EFAULT;
        }

        Model.WriteRegister(bar, offset, value, size);
        _host.Ring();
        return 0;
    }

    /// <summary>vfio_pci_rw: region access at <paramref name="position"/> (index &lt;&lt; 40 | offset).</summary>
    internal int ReadWrite(long position, Span<byte> data, bool write)
    {
        uint index = (uint)((ulong)position >> OffsetShift);
        long offset = position & ((1L << OffsetShift) - 1);
        if (index >= VFIO_PCI_NUM_REGIONS)
        {
            return -EINVAL;
        }

        if (data.Length == 0)
        {
            return 0;
        }

        ResumeFromLowPower();
        return index switch
        {
            VFIO_PCI_CONFIG_REGION_INDEX => ConfigReadWrite(offset, data, write),
            <= VFIO_PCI_BAR5_REGION_INDEX => BarReadWrite((int)index, (ulong)offset, data, write),
            VFIO_PCI_ROM_REGION_INDEX => write ? -EINVAL : BarReadWrite((int)index, (ulong)offset, data, write),
            _ => -EINVAL, // VGA: vfio_pci_vga_rw refuses a function without VGA, and no model is one
        };
    }

    /// <summary>vfio_pci_core_mmap: BARs only, mmappable, the request inside the (page-rounded) BAR.</summary>
    internal int Mmap(nuint length, long position, out MemoryMapping? mapping)
    {
        mapping = null;
        uint index = (uint)((ulong)position >> OffsetShift);
        ulong offset = (ulong)position & ((1UL << OffsetShift) - 1);
        if (index >= VFIO_PCI_NUM_REGIONS || index >= VFIO_PCI_ROM_REGION_INDEX || !IsBarMmappable((int)index))
        {
            return -EINVAL;
        }

        ulong barLength = (Model.BarLength((int)index) + Page.Size - 1) & ~(Page.Size - 1);
        if (offset > barLength || (ulong)length > barLength - offset)
        {
            return -EINVAL;
        }

        mapping = new VfioBarMapping(this, (int)index, offset, length);
        return 0;
    }

    /// <summary>Whether BAR <paramref name="bar"/> may be mmapped (bar_mmap_supported: a memory BAR of at least a page).</summary>
    internal bool IsBarMmappable(int bar) => Model.BarLength(bar) >= Page.Size;

    /// <summary>vfio_pci_dma_buf_move for every dma-buf of the device.</summary>
    internal void MoveDmaBufs(bool revoked)
    {
        VfioPciDmaBuf[] buffers;
        lock (_lock)
        {
            buffers = [.. _dmaBufs];
        }

        foreach (VfioPciDmaBuf buffer in buffers)
        {
            buffer.Move(revoked, permanently: false);
        }
    }

    internal void Track(VfioPciDmaBuf buffer)
    {
        lock (_lock)
        {
            _dmaBufs.Add(buffer);
        }
    }

    internal void Forget(VfioPciDmaBuf buffer)
    {
        lock (_lock)
        {
            _dmaBufs.Remove(buffer);
        }
    }

    /// <summary>vfio_pci_ioctl_reset: only with a function reset; dma-bufs are revoked around it.</summary>
    internal int Reset()
    {
        if (!ResetWorks)
        {
            return -EINVAL;
        }

        lock (_lock)
        {
            _lowPower = false;
        }

        MoveDmaBufs(revoked: true);
        Model.Reset();
        if (Config.IsMemoryEnabled)
        {
            MoveDmaBufs(revoked: false);
        }

        return 0;
    }

    /// <summary>
    /// vfio_pci_dev_set_hot_reset for a function alone on its bus: dma-bufs revoked, the function back in
    /// D0, the secondary bus reset (the model's reset), dma-bufs back if memory decode is on.
    /// </summary>
    internal void HotReset()
    {
        MoveDmaBufs(revoked: true);
        lock (_lock)
        {
            _lowPower = false;
        }

        Model.Reset();
        if (Config.IsMemoryEnabled)
        {
            MoveDmaBufs(revoked: false);
        }
    }

    /// <summary>vfio_pci_runtime_pm_entry: dma-bufs revoked first; already in low power: -EINVAL.</summary>
    internal int EnterLowPower(EventFdContext? wakeup)
    {
        MoveDmaBufs(revoked: true);
        lock (_lock)
        {
            if (_lowPower)
            {
                return -EINVAL;
            }

            _lowPower = true;
            _wakeup = wakeup;
            return 0;
        }
    }

    /// <summary>vfio_pci_runtime_pm_exit: out of low power; dma-bufs come back if memory decode is on.</summary>
    internal void ExitLowPower()
    {
        lock (_lock)
        {
            _lowPower = false;
            _wakeup?.Put();
            _wakeup = null;
        }

        if (Config.IsMemoryEnabled)
        {
            MoveDmaBufs(revoked: false);
        }
    }

    /// <summary>
    /// vfio_pci_core_runtime_resume, on every ioctl and region access: a low-power entry with a wakeup
    /// eventfd signals it and ends (its dma-bufs stay revoked, as in the kernel); one without stays.
    /// </summary>
    internal void ResumeFromLowPower()
    {
        lock (_lock)
        {
            if (_lowPower && _wakeup is not null)
            {
                _wakeup.Signal();
                _wakeup.Put();
                _wakeup = null;
                _lowPower = false;
            }
        }
    }

    public override string ToString() => $"vfio-pci {Name} ({Model.ModelName})";

    private int ConfigReadWrite(long offset, Span<byte> data, bool write)
    {
        int done = 0;
        while (done < data.Length)
        {
            bool wasEnabled = Config.IsMemoryEnabled;
            int chunk = Config.Access(offset + done, data[done..], write, out bool commandWritten);
            if (chunk < 0)
            {
                return chunk;
            }

            // vfio_basic_config_write: clearing memory decode revokes, setting it again brings dma-bufs back.
            if (commandWritten && wasEnabled != Config.IsMemoryEnabled)
            {
                MoveDmaBufs(revoked: !Config.IsMemoryEnabled || Volatile.Read(ref _lowPower));
            }

            done += chunk;
        }

        return done;
    }

    // vfio_pci_bar_rw -> vfio_pci_core_do_io_rw: aligned 8/4/2/1-byte accesses (the ROM 4 at most), memory
    // decode required for each; an excluded range — the MSI-X table, or the ROM window past its images —
    // reads all ones and drops writes without touching the device.
    private int BarReadWrite(int bar, ulong offset, Span<byte> data, bool write)
    {
        bool rom = bar == VFIO_PCI_ROM_REGION_INDEX;
        ulong end = rom ? VfioPciRom.WindowLength(Model) : Model.BarLength(bar);
        if (end == 0 || offset >= end)
        {
            return -EINVAL;
        }

        ulong excludedStart = 0, excludedEnd = 0;
        if (rom)
        {
            excludedStart = VfioPciRom.ImageSize(Model);
            excludedEnd = end;
            if (excludedStart == 0)
            {
                return -ENOMEM; // pci_map_rom found no valid image
            }
        }
        else if (bar == Config.MsixBar)
        {
            excludedStart = Config.MsixOffset;
            excludedEnd = Config.MsixOffset + Config.MsixSize;
        }

        int maxWidth = rom ? 4 : 8;
        int count = (int)Math.Min((ulong)data.Length, end - offset);
        int done = 0;
        while (done < count)
        {
            ulong at = offset + (ulong)done;
            int left = count - done;
            int fillable = at < excludedStart ? (int)Math.Min((ulong)left, excludedStart - at) : at >= excludedEnd ? left : 0;
            if (fillable == 0)
            {
                int skipped = (int)Math.Min((ulong)left, excludedEnd - at);
                if (!write)
                {
                    data.Slice(done, skipped).Fill(0xff);
                }

                done += skipped;
                continue;
            }

            if (!Config.IsMemoryEnabled)
            {
                return -EIO;
            }

            int size = fillable >= 8 && at % 8 == 0 && maxWidth >= 8 ? 8 : fillable >= 4 && at % 4 == 0 ? 4 : fillable >= 2 && at % 2 == 0 ? 2 : 1;
            Span<byte> piece = data.Slice(done, size);
            if (write)
            {
                ulong value = 0;
                for (int i = size - 1; i >= 0; i--)
                {
                    value = (value << 8) | piece[i];
                }

                Model.WriteRegister(bar, at, value, size);
            }
            else if (rom)
            {
                for (int i = 0; i < size; i++)
                {
                    piece[i] = VfioPciRom.Byte(Model.ExpansionRom.Span, at + (ulong)i);
                }
            }
            else
            {
                RunInlineFirmware();
                ulong value = Model.ReadRegister(bar, at, size);
                for (int i = 0; i < size; i++)
                {
                    piece[i] = (byte)(value >> (8 * i));
                }
            }

            done += size;
        }

        if (write)
        {
            _host.Ring();
        }

        return count;
    }

    private int Dma(ulong address, int length, bool write, Span<byte> destination, ReadOnlySpan<byte> source)
    {
        // The legacy container's IOMMU, or the page table of the iommufd the cdev path attached.
        IIommuDomain? iommu = Group.Container?.Iommu ?? Volatile.Read(ref _iommufdDomain);
        int result = iommu is null ? -EFAULT : write ? iommu.DmaWrite(address, source) : iommu.DmaRead(address, destination);
        if (result < 0)
        {
            lock (_faults)
            {
                if (_faults.Count == FaultLogLength)
                {
                    _faults.RemoveAt(0);
                }

                _faults.Add(new IommuFault(Name, address, length, write));
            }
        }

        return result;
    }

    private void RunInlineFirmware()
    {
        if (Kernel.IsFirmwareInline)
        {
            Kernel.RunFirmware();
        }
    }

    private sealed class ModelStepper(IPciDevice model) : ISimulatedFirmware
    {
        public long NextTimerNanoseconds => long.MaxValue;

        public bool Step() => model.Step();
    }
}
