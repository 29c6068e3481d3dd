using System.Runtime.InteropServices;
using AccelInterop.Runtime.Devices;
using AccelInterop.Simulation.DmaBufs;
using AccelInterop.Simulation.Drm;
using AccelInterop.Simulation.Kernel;
using AccelInterop.Simulation.Uapi.Amdxdna;
using static AccelInterop.Runtime.Errors.Errno;
using static AccelInterop.Simulation.Uapi.Amdxdna.Amdxdna;

namespace AccelInterop.Simulation.Amdxdna;

/// <summary>
/// The amdxdna driver model (amdxdna.md): its ioctl table over the generated
/// <c>amdxdna_accel.h</c> structs, BOs and the device heap, hardware contexts of both
/// generations (AIE2 kernel-mode queue with EXEC_CMD; AIE4 user-mode queue with doorbell and
/// WAIT_CMD), queries and state, and the firmware that completes work — on its own thread, or
/// inline at scheduling points (<see cref="FirmwareExecution"/>, deterministic mode).
/// </summary>
public sealed unsafe class AmdxdnaDriver : DrmDriver<AmdxdnaClient>, ISimulatedFirmware
{
    /// <summary>Hardware contexts of every amdxdna device.</summary>
    public static readonly ObjectKind HardwareContexts = new("amdxdna hwctx");

    /// <summary>AIE2 scheduler jobs not yet freed.</summary>
    public static readonly ObjectKind Jobs = new("amdxdna jobs");

    /// <summary>The kernel's 64-bit read of an AIE4 user-mode queue's read index is torn (sees half of an update).</summary>
    public static readonly FaultPoint TornReadIndex = new("amdxdna torn read index", "the kernel's read of read_index sees half of an update");

    /// <summary>
    /// The memory a device backs its BOs with (see <see cref="BoMemoryBudget"/>): CREATE_BO answers
    /// -ENOMEM once the device's SHARE, CMD and DEV_HEAP BOs would hold more.
    /// </summary>
    public const ulong SimulatedMemoryLimit = 1UL << 30;

    /// <summary>Deterministic mode: the virtual time the firmware spends on one command (time moves with work).</summary>
    public const long CommandNanoseconds = 1_000;

    private const ulong IovaBase = 0x100_0000_0000;
    private readonly Lock _lock = new();
    // SHARE and CMD BOs get device addresses upward from IovaBase, never reused (the model's IOMMU).
    private readonly IovaSpace<AmdxdnaBo> _iommu = new(IovaBase, ulong.MaxValue);
    private AmdxdnaHwctx[] _contexts = [];
    private ulong _nextIova = IovaBase;
    private uint _nextDoorbellPage = 0x10;
    private FirmwareHost? _host;

    public AmdxdnaDriver(AmdxdnaGeneration generation)
    {
        Generation = generation;
        const DrmIoctlFlags none = DrmIoctlFlags.None;
        Ioctls = DrmIoctlTable.Create<AmdxdnaClient>()
            .Define(DRM_IOCTL_AMDXDNA_CREATE_HWCTX, none, CreateHwctx)
            .Define(DRM_IOCTL_AMDXDNA_DESTROY_HWCTX, none, DestroyHwctx)
            .Define(DRM_IOCTL_AMDXDNA_CONFIG_HWCTX, none, ConfigHwctx)
            .Define(DRM_IOCTL_AMDXDNA_CREATE_BO, none, CreateBo)
            .Define(DRM_IOCTL_AMDXDNA_GET_BO_INFO, none, GetBoInfo)
            .Define(DRM_IOCTL_AMDXDNA_SYNC_BO, none, SyncBo)
            .Define(DRM_IOCTL_AMDXDNA_EXEC_CMD, none, ExecCmd)
            .Define(DRM_IOCTL_AMDXDNA_GET_INFO, none, GetInfo)
            .Define(DRM_IOCTL_AMDXDNA_SET_STATE, DrmIoctlFlags.RootOnly, SetState)
            .Define(DRM_IOCTL_AMDXDNA_WAIT_CMD, none, WaitCmd)
            .Define(DRM_IOCTL_AMDXDNA_GET_ARRAY, none, GetArray);
    }

    /// <summary>Creates an amdxdna device of <paramref name="generation"/> at /dev/accel/accelN in <paramref name="kernel"/>.</summary>
    public static AmdxdnaDriver CreateDevice(SimulatedKernel kernel, AmdxdnaGeneration generation)
    {
        var driver = new AmdxdnaDriver(generation);
        DrmDevice.Create(kernel, driver);
        return driver;
    }

    public AmdxdnaGeneration Generation { get; }
    // drivers/accel/amdxdna/amdxdna_pci_drv.c:amdxdna_drm_drv (the module is "amdxdna"; the DRM driver name is not).
    public override string Name => "amdxdna_accel_driver";
    public override string Description => "AMD XDNA DRM implementation";
    public override int Major => 0;
    public override int Minor => 10;
    public override DrmDriverFeatures Features =>
        DrmDriverFeatures.ComputeAccel | DrmDriverFeatures.Gem | DrmDriverFeatures.Syncobj | DrmDriverFeatures.SyncobjTimeline;
    public override IoctlTable<AmdxdnaClient, DrmIoctlFlags> Ioctls { get; }

    /// <summary>The power mode last set with SET_STATE.</summary>
    public byte PowerMode { get; private set; }

    internal ObjectCounter ContextCounter { get; private set; } = null!;

    internal ObjectCounter JobCounter { get; private set; } = null!;

    internal BoMemoryBudget Budget { get; } = new(SimulatedMemoryLimit);

    /// <summary>Bytes of BO backing the device holds now (within <see cref="SimulatedMemoryLimit"/>).</summary>
    public ulong BackedBytes => Budget.Used;

    public override void Attach(DrmDevice device)
    {
        base.Attach(device);
        ContextCounter = device.Kernel.Counts.Counter(HardwareContexts);
        JobCounter = device.Kernel.Counts.Counter(Jobs);
        device.Kernel.Faults.Declare(TornReadIndex);
        _host = new FirmwareHost(device.Kernel, "amdxdna firmware", this, () => Device.IsUnplugged);
    }

    protected override int Open(DrmFile file, out AmdxdnaClient? state)
    {
        state = new AmdxdnaClient(file, 0, Generation.HeapMax());
        return 0;
    }

    // amdxdna_drm_close -> amdxdna_client_cleanup: destroy remaining contexts, drop heap chunk references.
    protected override void Postclose(AmdxdnaClient client)
    {
        List<AmdxdnaHwctx> contexts = client.RemoveAllContexts();
        client.HwctxSrcu.Synchronize();
        foreach (AmdxdnaHwctx context in contexts)
        {
            context.Destroy();
            RemoveFromFirmware(context);
        }

        foreach (AmdxdnaBo chunk in client.RemoveHeapChunks())
        {
            chunk.Put();
        }
    }

    // ---- firmware -------------------------------------------------------------------------

    /// <summary>
    /// One pass of the firmware over every context; true if anything progressed. Only the kernel
    /// steps it (its FirmwareHost, or SimulatedKernel.RunFirmware inline), which also keeps it still while a hold is in force.
    /// </summary>
    bool ISimulatedFirmware.Step()
    {
        bool progressed = false;
        AmdxdnaHwctx[] contexts = Volatile.Read(ref _contexts);
        for (int i = 0; i < contexts.Length; i++)
        {
            progressed |= contexts[i].Step(this);
        }

        return progressed;
    }

    long ISimulatedFirmware.NextTimerNanoseconds
    {
        get
        {
            long next = long.MaxValue;
            foreach (AmdxdnaHwctx context in Volatile.Read(ref _contexts))
            {
                next = Math.Min(next, context.NextTimer);
            }

            return next;
        }
    }

    /// <summary>The firmware doorbell: work was queued (a job pushed, a queue rung, a wait started).</summary>
    internal void Kick() => _host?.Ring();

    /// <summary>Whether the firmware thread is awake and polling (<see cref="FirmwareHost.IsPolling"/>); false inline.</summary>
    internal bool FirmwarePolls => _host is { IsPolling: true };

    private void AddToFirmware(AmdxdnaHwctx context)
    {
        lock (_lock)
        {
            _contexts = [.. _contexts, context];
        }

        Kick();
    }

    private void RemoveFromFirmware(AmdxdnaHwctx context)
    {
        lock (_lock)
        {
            _contexts = [.. _contexts.Where(c => !ReferenceEquals(c, context))];
        }
    }

    /// <summary>Runs an AIE2 command BO: ERT_START_* commands only change state here.</summary>
    internal void Execute(AmdxdnaBo command) => SetCommandState(command, ErtState.Completed);

    internal static void SetCommandState(AmdxdnaBo command, ErtState state)
    {
        if (command.Memory != 0 && command.Size >= 4)
        {
            uint* header = (uint*)command.Memory;
            *header = (*header & ~0xFu) | (uint)state;
        }
    }

    /// <summary>
    /// Executes one simulated user-mode-queue packet: u32 opcode @0 (0 NOP, 1 INCREMENT:
    /// dst[i] = src[i] + 1 for u32 count @24 elements, src @8 and dst @16 device addresses);
    /// the firmware writes the state @4 (COMPLETED, or ERROR for a bad packet).
    /// </summary>
    internal void ExecutePacket(AmdxdnaClient client, byte* slot)
    {
        if (slot == null)
        {
            return;
        }

        uint opcode = *(uint*)slot;
        ErtState state = ErtState.Completed;
        if (opcode == 1)
        {
            uint count = *(uint*)(slot + 24);
            AmdxdnaBo? sourceBo = Resolve(client, *(ulong*)(slot + 8), (ulong)count * 4, out byte* source);
            AmdxdnaBo? destinationBo = Resolve(client, *(ulong*)(slot + 16), (ulong)count * 4, out byte* destination);
            if (sourceBo is null || destinationBo is null)
            {
                state = ErtState.Error;
            }
            else
            {
                for (uint i = 0; i < count; i++)
                {
                    ((uint*)destination)[i] = ((uint*)source)[i] + 1;
                }
            }

            sourceBo?.Put();
            destinationBo?.Put();
        }
        else if (opcode != 0)
        {
            state = ErtState.Error;
        }

        *(uint*)(slot + 4) = (uint)state;
    }

    /// <summary>
    /// A device address of <paramref name="client"/> -> the BO that covers [address, +length) (its
    /// heap, then the IOMMU) with a reference, so a GEM_CLOSE meanwhile cannot free the memory the
    /// firmware works on, and <paramref name="memory"/> there; null (and no memory) if none.
    /// </summary>
    internal AmdxdnaBo? Resolve(AmdxdnaClient client, ulong address, ulong length, out byte* memory)
    {
        memory = null;
        AmdxdnaBo? bo = client.HeapChunkAt(address, length) ?? _iommu.Find(address, length)?.Value;
        if (bo is null || !bo.TryGet())
        {
            return null;
        }

        if (bo.Memory == 0)
        {
            bo.Put();
            return null;
        }

        memory = (byte*)bo.Memory + (address - bo.DeviceAddress);
        return bo;
    }

    internal void Forget(AmdxdnaBo bo) => _iommu.Remove(bo.DeviceAddress, bo);

    // ---- mmap (amdxdna_drm_gem_mmap, aie4_doorbell_mmap) -------------------------------------

    public override int Mmap(DrmFile file, SimulatedProcess caller, nuint length, MemoryProtection protection, long offset, out MemoryMapping? mapping)
    {
        mapping = null;
        if ((ulong)offset >= DrmDevice.FilePageOffsetStart * GemObject.PageSize)
        {
            return base.Mmap(file, caller, length, protection, offset, out mapping);
        }

        if (!Generation.HasDoorbellMmap())
        {
            return -EOPNOTSUPP;
        }

        AmdxdnaClient client = FileState(file);
        for (uint id = 1; id <= AmdxdnaGenerations.MaxHwctxId; id++)
        {
            if (client.Context(id) is Aie4Hwctx context && context.DoorbellOffset / GemObject.PageSize == (ulong)offset / GemObject.PageSize)
            {
                if (length != GemObject.PageSize)
                {
                    return -EINVAL;
                }

                // A DESTROY_HWCTX may have taken the context away since the lookup: then there is no doorbell.
                if (context.TryGetDoorbell() is not GemObject doorbell)
                {
                    return -EINVAL;
                }

                mapping = new DoorbellMapping(doorbell, this);
                return 0;
            }
        }

        return -EINVAL;
    }

    private sealed class DoorbellMapping(GemObject page, AmdxdnaDriver driver) : MemoryMapping(page.Memory, (nuint)GemObject.PageSize)
    {
        protected internal override void OnUnmap()
        {
            page.Put();
            driver.Kick();
        }
    }

    // ---- ioctls ----------------------------------------------------------------------------

    private AmdxdnaBo? LookupBo(DrmFile file, uint handle) => file.LookupObject(handle) switch
    {
        AmdxdnaBo bo => bo,
        GemObject other => PutAndNull(other),
        null => null,
    };

    private static AmdxdnaBo? PutAndNull(GemObject gem)
    {
        gem.Put();
        return null;
    }

    // §3 CREATE_HWCTX.
    private int CreateHwctx(AmdxdnaClient client, SimulatedProcess caller, ref amdxdna_drm_create_hwctx args)
    {
        if (args.ext != 0 || args.ext_flags != 0)
        {
            return -EINVAL;
        }

        if (!Generation.HasHwctxInit())
        {
            return -EOPNOTSUPP;
        }

        if (Device.Kernel.Faults.ShouldFail(FaultPoint.AllocationFailure))
        {
            return -ENOMEM; // kzalloc of the context comes before the QoS copy
        }

        amdxdna_qos_info qos = default;
        if (caller.Memory.CopyFromUser(MemoryMarshal.AsBytes(new Span<amdxdna_qos_info>(ref qos)), args.qos_p) < 0)
        {
            return -EFAULT;
        }

        if (Device.IsUnplugged)
        {
            return -ENODEV;
        }

        int r = Generation.IsAie2() ? Aie2Init(client.File, client, args.num_tiles, out AmdxdnaHwctx? made) : Aie4Init(client, args.umq_bo, args.num_tiles, out made);
        if (r < 0)
        {
            return r;
        }

        // Everything the context gives user space exists before its id is published: a DESTROY_HWCTX
        // racing this call (the id is easy to guess) may take the context at once. The syncobj handle
        // is made in init (aie2_ctx.c:aie2_ctx_syncobj_create) and stays user space's even if the
        // context goes; the firmware knows the context, so the destroy takes it out of the firmware too.
        AmdxdnaHwctx context = made!;
        uint syncobjHandle = context is Aie2Hwctx withSyncobj ? client.File.Syncobjs.Add(withSyncobj.Syncobj.Get()) : 0;
        AddToFirmware(context);
        int id = client.AddContext(context);
        if (id < 0)
        {
            context.Destroy();
            RemoveFromFirmware(context);
            return id;
        }

        args.handle = (uint)id;
        args.syncobj_handle = syncobjHandle;
        if (context is Aie2Hwctx aie2)
        {
            args.umq_doorbell = AMDXDNA_INVALID_DOORBELL_OFFSET;
            args.max_opc = 0x800 * aie2.NumColumns; // col_opc * num_col
        }
        else
        {
            args.umq_doorbell = ((Aie4Hwctx)context).DoorbellOffset;
        }

        Device.Kernel.Trace($"create hwctx {id}");
        return 0;
    }

    // aie2_hwctx_init: heap chunk 0 (-ENOENT), 4 command-chain DEV BOs (heap errors, e.g. -EAGAIN), columns (-EINVAL), syncobj.
    private int Aie2Init(DrmFile file, AmdxdnaClient client, uint numTiles, out AmdxdnaHwctx? context)
    {
        context = null;
        if (client.HeapChunks.Count == 0)
        {
            return -ENOENT;
        }

        var chain = new AmdxdnaBo[AmdxdnaGenerations.Aie2MaxCommands];
        int made = 0;
        int r = 0;
        for (; made < chain.Length; made++)
        {
            r = CreateDevBo(client, GemObject.PageSize, out AmdxdnaBo? bo);
            if (r < 0)
            {
                break;
            }

            chain[made] = bo!;
        }

        uint columns = numTiles / AmdxdnaGenerations.CoreRows;
        if (r == 0 && (numTiles == 0 || columns == 0 || columns > Generation.TotalColumns()))
        {
            r = -EINVAL;
        }

        if (r < 0)
        {
            for (int i = 0; i < made; i++)
            {
                chain[i].Put();
            }

            return r;
        }

        context = new Aie2Hwctx(client, numTiles, columns, new DrmSyncobj(Device), chain);
        return 0;
    }

    // aie4_ctx.c:aie4_hwctx_init: UMQ BO must be a SHARE BO of this file (-ENOENT), ≥ 32 bytes (-EINVAL), with a
    // kernel mapping for the queue header (aie4_hwctx_umq_init: amdxdna_gem_vmap fails -> -ENOMEM); firmware
    // create: num_tiles 0 -> -EINVAL.
    private int Aie4Init(AmdxdnaClient client, uint umqHandle, uint numTiles, out AmdxdnaHwctx? context)
    {
        context = null;
        AmdxdnaBo? queue = LookupBo(client.File, umqHandle);
        if (queue is null || queue.Type != amdxdna_bo_type.AMDXDNA_BO_SHARE)
        {
            queue?.Put();
            return -ENOENT;
        }

        // mem.size is the page-rounded size (__drm_gem_shmem_create rounds before gem_create_object), so a
        // shmem BO always passes; the check is the kernel's all the same.
        if (queue.Size < Aie4Hwctx.HeaderSize)
        {
            queue.Put();
            return -EINVAL;
        }

        if (queue.Vmap(out nint header) < 0)
        {
            queue.Put();
            return -ENOMEM;
        }

        if (numTiles == 0)
        {
            queue.Vunmap();
            queue.Put();
            return -EINVAL;
        }

        uint page;
        lock (_lock)
        {
            page = _nextDoorbellPage++;
        }

        var doorbell = new GemObject(Device, GemObject.PageSize);
        context = new Aie4Hwctx(client, numTiles, queue, header, doorbell, page * (uint)GemObject.PageSize);
        return 0;
    }

    // §3 DESTROY_HWCTX.
    private int DestroyHwctx(AmdxdnaClient client, SimulatedProcess caller, ref amdxdna_drm_destroy_hwctx args)
    {
        if (args.pad != 0)
        {
            return -EINVAL;
        }

        AmdxdnaHwctx? context = client.RemoveContext(args.handle);
        if (context is null)
        {
            return -EINVAL;
        }

        // amdxdna_hwctx_destroy_rcu: an EXEC_CMD or WAIT_CMD that found the context ends before its fini.
        client.HwctxSrcu.Synchronize();
        context.Destroy();
        RemoveFromFirmware(context);
        Device.Kernel.Trace($"destroy hwctx {args.handle}");
        return 0;
    }

    // §3 CONFIG_HWCTX.
    private int ConfigHwctx(AmdxdnaClient client, SimulatedProcess caller, ref amdxdna_drm_config_hwctx args)
    {
        if (args.pad != 0)
        {
            return -EINVAL;
        }

        if (!Generation.HasHwctxConfig())
        {
            return -EOPNOTSUPP;
        }

        byte[]? parameter = null;
        switch ((amdxdna_drm_config_hwctx_param)args.param_type)
        {
            case amdxdna_drm_config_hwctx_param.DRM_AMDXDNA_HWCTX_CONFIG_CU:
                if (args.param_val_size > GemObject.PageSize)
                {
                    return -E2BIG;
                }

                parameter = new byte[GemObject.PageSize];
                if (caller.Memory.CopyFromUser(parameter.AsSpan(0, (int)args.param_val_size), args.param_val) < 0)
                {
                    return -EFAULT;
                }

                break;
            case amdxdna_drm_config_hwctx_param.DRM_AMDXDNA_HWCTX_ASSIGN_DBG_BUF:
            case amdxdna_drm_config_hwctx_param.DRM_AMDXDNA_HWCTX_REMOVE_DBG_BUF:
                break;
            default:
                return -EINVAL;
        }

        // amdxdna_drm_config_hwctx_ioctl resumes the device before looking the context up.
        if (Device.Kernel.Faults.ShouldFail(FaultPoint.RuntimePmResumeFailure))
        {
            return -EIO;
        }

        if (client.Context(args.handle) is not Aie2Hwctx context)
        {
            return -EINVAL;
        }

        return (amdxdna_drm_config_hwctx_param)args.param_type switch
        {
            amdxdna_drm_config_hwctx_param.DRM_AMDXDNA_HWCTX_CONFIG_CU => ConfigCu(client.File, context, parameter!, args.param_val_size),
            amdxdna_drm_config_hwctx_param.DRM_AMDXDNA_HWCTX_ASSIGN_DBG_BUF => AssignDebugBuffer(client.File, context, (uint)args.param_val),
            _ => RemoveDebugBuffer(client.File, context, (uint)args.param_val),
        };
    }

    // aie2_hwctx_cu_config + aie2_config_cu.
    private int ConfigCu(DrmFile file, Aie2Hwctx context, byte[] parameter, uint size)
    {
        ref amdxdna_hwctx_param_config_cu config = ref MemoryMarshal.AsRef<amdxdna_hwctx_param_config_cu>(parameter.AsSpan());
        ReadOnlySpan<byte> pad = MemoryMarshal.AsBytes(new ReadOnlySpan<amdxdna_hwctx_param_config_cu>(in config))[2..8];
        if (pad.ContainsAnyExcept((byte)0) || context.CusConfigured || config.num_cus == 0 || 8 + 8 * (uint)config.num_cus > size)
        {
            return -EINVAL;
        }

        if (config.num_cus > 32)
        {
            return -EINVAL;
        }

        for (int i = 0; i < config.num_cus; i++)
        {
            amdxdna_cu_config cu = MemoryMarshal.Read<amdxdna_cu_config>(parameter.AsSpan(8 + 8 * i));
            if (parameter.AsSpan(8 + 8 * i + 5, 3).ContainsAnyExcept((byte)0))
            {
                return -EINVAL;
            }

            AmdxdnaBo? bo = LookupBo(file, cu.cu_bo);
            bool dev = bo?.Type == amdxdna_bo_type.AMDXDNA_BO_DEV;
            bo?.Put();
            if (!dev)
            {
                return -EINVAL;
            }
        }

        context.CusConfigured = true;
        return 0;
    }

    private int AssignDebugBuffer(DrmFile file, Aie2Hwctx context, uint handle)
    {
        AmdxdnaBo? bo = LookupBo(file, handle);
        if (bo is null || bo.Type != amdxdna_bo_type.AMDXDNA_BO_DEV)
        {
            bo?.Put();
            return -EINVAL;
        }

        int r = 0;
        lock (_lock)
        {
            if (bo.DebugContext != 0)
            {
                r = -EBUSY;
            }
            else
            {
                bo.DebugContext = context.Id;
            }
        }

        bo.Put();
        return r;
    }

    private int RemoveDebugBuffer(DrmFile file, Aie2Hwctx context, uint handle)
    {
        AmdxdnaBo? bo = LookupBo(file, handle);
        if (bo is null)
        {
            return -EINVAL;
        }

        int r = 0;
        lock (_lock)
        {
            if (bo.DebugContext != context.Id)
            {
                r = -EINVAL;
            }
            else
            {
                bo.DebugContext = 0;
            }
        }

        bo.Put();
        return r;
    }

    // §4 CREATE_BO.
    private int CreateBo(AmdxdnaClient client, SimulatedProcess caller, ref amdxdna_drm_create_bo args)
    {
        if (args.flags != 0)
        {
            return -EINVAL;
        }

        var type = (amdxdna_bo_type)args.type;
        if (type is not (amdxdna_bo_type.AMDXDNA_BO_SHARE or amdxdna_bo_type.AMDXDNA_BO_DEV_HEAP or amdxdna_bo_type.AMDXDNA_BO_DEV or amdxdna_bo_type.AMDXDNA_BO_CMD))
        {
            return -EINVAL;
        }

        if (Device.Kernel.Faults.ShouldFail(FaultPoint.AllocationFailure))
        {
            return -ENOMEM;
        }

        AmdxdnaBo? bo;
        int r = type switch
        {
            amdxdna_bo_type.AMDXDNA_BO_DEV_HEAP => CreateHeapBo(client, args.size, out bo),
            amdxdna_bo_type.AMDXDNA_BO_DEV => CreateDevBo(client, args.size, out bo),
            _ => CreateShareBo(caller, args.vaddr, args.size, type == amdxdna_bo_type.AMDXDNA_BO_CMD, out bo),
        };
        if (r < 0)
        {
            return r;
        }

        args.handle = client.File.CreateHandle(bo!);
        bo!.Put();
        return 0;
    }

    // amdxdna_gem.c:amdxdna_drm_create_share_bo.
    private int CreateShareBo(SimulatedProcess caller, ulong vaddr, ulong size, bool command, out AmdxdnaBo? bo)
    {
        bo = null;
        if (vaddr != 0)
        {
            // A VA table (dma-buf import or pinned user pages): copy fault -> -EINVAL.
            amdxdna_drm_va_tbl table = default;
            if (caller.Memory.CopyFromUser(MemoryMarshal.AsBytes(new Span<amdxdna_drm_va_tbl>(ref table)), vaddr) < 0)
            {
                return -EINVAL;
            }

            if (table.num_entries == 0)
            {
                OpenFile? opened = caller.GetFile(table.dmabuf_fd);
                if (opened is null)
                {
                    return -EBADF;
                }

                opened.Put();
                return opened.Operations is DmaBuf ? -EOPNOTSUPP : -EINVAL; // import through CREATE_BO: use PRIME_FD_TO_HANDLE
            }

            return -EOPNOTSUPP; // pinned user pages: not modelled
        }

        int r = ShmemBoSize.Check(size, out ulong rounded);
        if (r < 0)
        {
            return r;
        }

        ulong iova = AllocateIova(rounded);
        r = CreateShmemBo(amdxdna_bo_type.AMDXDNA_BO_SHARE, rounded, iova, command, out bo);
        if (r < 0)
        {
            return r;
        }

        _iommu.Map(iova, bo!.Size, bo);
        return 0;
    }

    /// <summary>
    /// A shmem-backed BO of a size <see cref="ShmemBoSize"/> accepted: its backing within the
    /// device's budget (-ENOMEM), then its fake offset (drm_gem_shmem_helper.c:__drm_gem_shmem_init:
    /// drm_gem_create_mmap_offset fails -> the object is released, -ENOSPC). On failure nothing is left.
    /// </summary>
    private int CreateShmemBo(amdxdna_bo_type type, ulong rounded, ulong deviceAddress, bool isInternal, out AmdxdnaBo? bo)
    {
        bo = null;
        if (!Budget.TryCharge(rounded))
        {
            return -ENOMEM;
        }

        var made = new AmdxdnaBo(Device, type, rounded, deviceAddress, isInternal) { ChargedBytes = rounded };
        int r = made.CreateMmapOffset();
        if (r < 0)
        {
            made.Put();
            return r;
        }

        bo = made;
        return 0;
    }

    // amdxdna_gem.c:amdxdna_gem_prime_import: a foreign dma-buf becomes a SHARE BO over the exporter's
    // pages (attached and mapped by the core), with a device address and an mmap offset of its own.
    protected override GemObject CreateImported(DrmFile file, DmaBuf buffer)
    {
        ulong iova = AllocateIova(buffer.Size);
        var bo = new AmdxdnaBo(Device, amdxdna_bo_type.AMDXDNA_BO_SHARE, buffer.Size, iova, backing: false);
        // The core's import path cannot fail here; an import the offset space has no room for keeps
        // map_offset 0, and mmap of it finds nothing (-EINVAL) instead of the kernel's failed import.
        _ = bo.CreateMmapOffset();
        _iommu.Map(iova, bo.Size, bo);
        return bo;
    }

    private ulong AllocateIova(ulong size)
    {
        lock (_lock)
        {
            ulong iova = _nextIova;
            _nextIova += (size + GemObject.PageSize - 1) & ~(GemObject.PageSize - 1);
            return iova;
        }
    }

    // amdxdna_gem.c:amdxdna_drm_create_dev_heap_bo: the chunk-size rule, the shmem object's size rules,
    // then under the client's mm_lock the expansion and heap-max checks and the insertion.
    private int CreateHeapBo(AmdxdnaClient client, ulong size, out AmdxdnaBo? bo)
    {
        bo = null;
        if (size == 0 || size % AmdxdnaGenerations.HeapChunkSize != 0)
        {
            return -EINVAL;
        }

        int r = ShmemBoSize.Check(size, out ulong rounded);
        if (r < 0)
        {
            return r;
        }

        lock (client.HeapLock)
        {
            ulong total = client.HeapSize;
            if (!Generation.HasHeapExpand() && total > 0)
            {
                return -EOPNOTSUPP;
            }

            // total_heap_size + size > dev_heap_max_size, asked so that it cannot wrap (total never exceeds the max).
            if (size > Generation.HeapMax() - total)
            {
                return -ENOSPC;
            }

            r = CreateShmemBo(amdxdna_bo_type.AMDXDNA_BO_DEV_HEAP, rounded, AmdxdnaGenerations.DevMemBase + total, isInternal: false, out bo);
            if (r < 0)
            {
                return r;
            }

            client.AddHeapChunk(bo!);
            return 0;
        }
    }

    // amdxdna_drm_create_dev_bo / amdxdna_gem_heap_alloc.
    private int CreateDevBo(AmdxdnaClient client, ulong size, out AmdxdnaBo? bo)
    {
        bo = null;
        size = (size + GemObject.PageSize - 1) & ~(GemObject.PageSize - 1);
        if (size == 0 || size > Generation.HeapMax())
        {
            return -EINVAL;
        }

        if (client.HeapChunks.Count == 0)
        {
            return -EAGAIN;
        }

        long offset = client.AllocateHeapRange(size);
        if (offset < 0)
        {
            return (int)offset;
        }

        AmdxdnaBo? first = client.HeapChunkAt(AmdxdnaGenerations.DevMemBase + (ulong)offset, 1);
        AmdxdnaBo? last = client.HeapChunkAt(AmdxdnaGenerations.DevMemBase + (ulong)offset + size - 1, 1);
        int r = first is null || last is null || first.UserAddress == 0 || last.UserAddress == 0 ? -EAGAIN
            : !ReferenceEquals(first, last) ? -EINVAL : 0;
        if (r < 0)
        {
            client.FreeHeapRange((ulong)offset, size);
            return r;
        }

        bo = new AmdxdnaBo(Device, client, first!, (ulong)offset, size);
        return 0;
    }

    // §4 GET_BO_INFO.
    private int GetBoInfo(AmdxdnaClient client, SimulatedProcess caller, ref amdxdna_drm_get_bo_info args)
    {
        if (args.ext != 0 || args.ext_flags != 0 || args.pad != 0)
        {
            return -EINVAL;
        }

        AmdxdnaBo? bo = LookupBo(client.File, args.handle);
        if (bo is null)
        {
            return -ENOENT;
        }

        args.vaddr = bo.UserVirtualAddress;
        args.xdna_addr = bo.DeviceAddress;
        args.map_offset = bo.Type == amdxdna_bo_type.AMDXDNA_BO_DEV ? ulong.MaxValue : bo.MmapOffset;
        bo.Put();
        return 0;
    }

    // §4 SYNC_BO.
    private int SyncBo(AmdxdnaClient client, SimulatedProcess caller, ref amdxdna_drm_sync_bo args)
    {
        AmdxdnaBo? bo = LookupBo(client.File, args.handle);
        if (bo is null)
        {
            return -ENOENT;
        }

        try
        {
            // amdxdna_flush_bo: imported first, then the range against mem.size, the page-rounded size
            // (__drm_gem_shmem_create rounds before amdxdna_gem_create_obj records it).
            if (bo.ImportedFrom is not null)
            {
                return -EOPNOTSUPP;
            }

            if (args.offset >= bo.Size || args.offset + args.size < args.offset)
            {
                return -EINVAL;
            }

            if (args.direction == SYNC_DIRECT_FROM_DEVICE)
            {
                if (!Generation.HasSyncDebugBo())
                {
                    return -EOPNOTSUPP;
                }

                if (bo.DebugContext == 0)
                {
                    return -EINVAL;
                }
            }

            return 0;
        }
        finally
        {
            bo.Put();
        }
    }

    // §5 EXEC_CMD.
    private int ExecCmd(AmdxdnaClient client, SimulatedProcess caller, ref amdxdna_drm_exec_cmd args)
    {
        if (args.ext != 0 || args.ext_flags != 0 || args.type != (uint)amdxdna_cmd_type.AMDXDNA_CMD_SUBMIT_EXEC_BUF ||
            args.arg_count > AmdxdnaGenerations.MaxArgCount || args.cmd_count != 1)
        {
            return -EINVAL;
        }

        var argumentHandles = new uint[args.arg_count];
        if (caller.Memory.CopyFromUser(MemoryMarshal.AsBytes(argumentHandles.AsSpan()), args.args) < 0)
        {
            return -EFAULT;
        }

        if (!Generation.HasCmdSubmit())
        {
            return -EOPNOTSUPP;
        }

        uint commandHandle = (uint)args.cmd_handles;
        if (commandHandle == 0)
        {
            return -EINVAL;
        }

        AmdxdnaBo? command = LookupBo(client.File, commandHandle);
        if (command is null || command.Type != amdxdna_bo_type.AMDXDNA_BO_SHARE)
        {
            command?.Put();
            return -EINVAL;
        }

        var arguments = new AmdxdnaBo[argumentHandles.Length];
        for (int i = 0; i < arguments.Length; i++)
        {
            AmdxdnaBo? argument = LookupBo(client.File, argumentHandles[i]);
            if (argument is null)
            {
                for (int j = 0; j < i; j++)
                {
                    arguments[j].Put();
                }

                command.Put();
                return -ENOENT;
            }

            arguments[i] = argument;
        }

        // amdxdna_cmd_submit: runtime-PM resume after the BO lookups, before the context lookup.
        if (Device.Kernel.Faults.ShouldFail(FaultPoint.RuntimePmResumeFailure))
        {
            ReleaseAll(command, arguments);
            return -EIO;
        }

        // From the lookup to the push under the client's SRCU: a DESTROY_HWCTX meanwhile waits for this submit.
        int srcu = client.HwctxSrcu.ReadLock();
        try
        {
            return SubmitOn(client.Context(args.hwctx) as Aie2Hwctx, command, arguments, ref args);
        }
        finally
        {
            client.HwctxSrcu.ReadUnlock(srcu);
        }
    }

    private static int SubmitOn(Aie2Hwctx? context, AmdxdnaBo command, AmdxdnaBo[] arguments, ref amdxdna_drm_exec_cmd args)
    {
        if (context is null)
        {
            ReleaseAll(command, arguments);
            return -EINVAL;
        }

        int r = context.TakeSlot();
        if (r < 0)
        {
            ReleaseAll(command, arguments);
            return r;
        }

        r = context.Submit(command, arguments, out ulong seq);
        if (r < 0)
        {
            context.ReleaseSlot();
            ReleaseAll(command, arguments);
            return r;
        }

        args.seq = seq;
        return 0;
    }

    private static void ReleaseAll(AmdxdnaBo command, AmdxdnaBo[] arguments)
    {
        command.Put();
        foreach (AmdxdnaBo argument in arguments)
        {
            argument.Put();
        }
    }

    private struct CommandDone(Aie4Hwctx context, ulong seq, SimulatedKernel kernel) : IWaitCondition
    {
        public readonly bool IsSatisfied() => context.KernelReadIndex(kernel) > seq;
    }

    // aie4_ctx.c:aie4_cmd_wait. The caller holds the client's SRCU read lock, so the context (and the
    // queue header this reads) stays until the wait ends, even past a DESTROY_HWCTX.
    private int WaitCmdOn(Aie4Hwctx context, ulong seq, uint timeoutMs)
    {
        SimulatedKernel kernel = Device.Kernel;
        long deadline = timeoutMs == 0 ? long.MaxValue : kernel.MonotonicNanoseconds + timeoutMs * 1_000_000L;
        var condition = new CommandDone(context, seq, kernel);
        if (condition.IsSatisfied())
        {
            return 0;
        }

        Kick();
        return kernel.WaitUntil(ref condition, deadline);
    }

    // §6 WAIT_CMD (amdxdna_ctx.c:amdxdna_drm_wait_cmd_ioctl): timeout in ms, 0 = forever, -ETIME on expiry;
    // nothing is written back. The lookup and the whole wait are under the client's SRCU: a DESTROY_HWCTX
    // meanwhile unpublishes the context at once but frees it only after the wait (synchronize_srcu).
    private int WaitCmd(AmdxdnaClient client, SimulatedProcess caller, ref amdxdna_drm_wait_cmd args)
    {
        if (!Generation.HasCmdWait())
        {
            return -EOPNOTSUPP;
        }

        int srcu = client.HwctxSrcu.ReadLock();
        try
        {
            return client.Context(args.hwctx) is Aie4Hwctx context ? WaitCmdOn(context, args.seq, args.timeout) : -EINVAL;
        }
        finally
        {
            client.HwctxSrcu.ReadUnlock(srcu);
        }
    }

    // §7 GET_INFO.
    private int GetInfo(AmdxdnaClient client, SimulatedProcess caller, ref amdxdna_drm_get_info args)
    {
        if (!Generation.HasGetAieInfo())
        {
            return -EOPNOTSUPP;
        }

        var param = (amdxdna_drm_get_param)args.param;
        if (Generation == AmdxdnaGeneration.Aie4Vf && param != amdxdna_drm_get_param.DRM_AMDXDNA_QUERY_AIE_METADATA)
        {
            return -EOPNOTSUPP;
        }

        Span<byte> result = stackalloc byte[256];
        int length;
        switch (param)
        {
            case amdxdna_drm_get_param.DRM_AMDXDNA_QUERY_AIE_METADATA:
                {
                    ref amdxdna_drm_query_aie_metadata m = ref MemoryMarshal.AsRef<amdxdna_drm_query_aie_metadata>(result);
                    m.col_size = 0x2000000;
                    m.cols = (ushort)Generation.TotalColumns();
                    m.rows = 6;
                    m.core.row_count = AmdxdnaGenerations.CoreRows;
                    m.core.row_start = 2;
                    m.mem.row_count = 1;
                    m.mem.row_start = 1;
                    m.shim.row_count = 1;
                    length = Marshal.SizeOf<amdxdna_drm_query_aie_metadata>();
                    break;
                }

            case amdxdna_drm_get_param.DRM_AMDXDNA_QUERY_AIE_VERSION:
                length = Marshal.SizeOf<amdxdna_drm_query_aie_version>();
                MemoryMarshal.Write(result, 2u);
                break;
            case amdxdna_drm_get_param.DRM_AMDXDNA_QUERY_FIRMWARE_VERSION:
                length = Marshal.SizeOf<amdxdna_drm_query_firmware_version>();
                MemoryMarshal.Write(result, 1u);
                break;
            case amdxdna_drm_get_param.DRM_AMDXDNA_GET_POWER_MODE:
                length = Marshal.SizeOf<amdxdna_drm_get_power_mode>();
                result[0] = PowerMode;
                break;
            case amdxdna_drm_get_param.DRM_AMDXDNA_QUERY_CLOCK_METADATA:
                length = Marshal.SizeOf<amdxdna_drm_query_clock_metadata>();
                break;
            case amdxdna_drm_get_param.DRM_AMDXDNA_QUERY_RESOURCE_INFO:
                length = Marshal.SizeOf<amdxdna_drm_get_resource_info>();
                break;
            case amdxdna_drm_get_param.DRM_AMDXDNA_QUERY_AIE_STATUS:
            case amdxdna_drm_get_param.DRM_AMDXDNA_QUERY_SENSORS:
            case amdxdna_drm_get_param.DRM_AMDXDNA_QUERY_HW_CONTEXTS:
            case amdxdna_drm_get_param.DRM_AMDXDNA_QUERY_TELEMETRY:
            case amdxdna_drm_get_param.DRM_AMDXDNA_GET_FORCE_PREEMPT_STATE:
            case amdxdna_drm_get_param.DRM_AMDXDNA_GET_FRAME_BOUNDARY_PREEMPT_STATE:
                length = 8; // supported; contents not modelled (zeros)
                break;
            default:
                return -EOPNOTSUPP;
        }

        int copy = (int)Math.Min(args.buffer_size, (uint)length);
        return caller.Memory.CopyToUser(args.buffer, result[..copy]);
    }

    // §7 GET_ARRAY.
    private int GetArray(AmdxdnaClient client, SimulatedProcess caller, ref amdxdna_drm_get_array args)
    {
        if (!Generation.HasGetArray())
        {
            return -EOPNOTSUPP;
        }

        if (args.pad != 0 || args.num_element == 0 || args.element_size == 0)
        {
            return -EINVAL;
        }

        switch (args.param)
        {
            case DRM_AMDXDNA_HW_CONTEXT_ALL:
                return HwContextStatusArray(caller, ref args);

            case DRM_AMDXDNA_HW_LAST_ASYNC_ERR:
                {
                    // aie2_error.c:aie2_get_array_async_error: one element, of at most the record's size.
                    amdxdna_async_error error = default;
                    Span<byte> bytes = MemoryMarshal.AsBytes(new Span<amdxdna_async_error>(ref error));
                    args.num_element = 1;
                    args.element_size = Math.Min(args.element_size, (uint)bytes.Length);
                    return caller.Memory.CopyToUser(args.buffer, bytes[..(int)args.element_size]);
                }

            case DRM_AMDXDNA_BO_USAGE:
                {
                    amdxdna_drm_bo_usage usage = default;
                    Span<byte> bytes = MemoryMarshal.AsBytes(new Span<amdxdna_drm_bo_usage>(ref usage));
                    if (args.num_element != 1)
                    {
                        return -EINVAL;
                    }

                    // amdxdna_gem.c:amdxdna_drm_get_bo_usage: min(element_size, sizeof) in u32, never negative.
                    int size = (int)Math.Min(args.element_size, (uint)bytes.Length);
                    if (caller.Memory.CopyFromUser(bytes[..size], args.buffer) < 0)
                    {
                        return -EFAULT;
                    }

                    if (usage.pid == 0)
                    {
                        return -EINVAL;
                    }

                    // The sums start from zero; no client of the model has the asked pid's usage to add.
                    usage.total_usage = 0;
                    usage.internal_usage = 0;
                    usage.heap_usage = 0;
                    return caller.Memory.CopyToUser(args.buffer, bytes[..size]);
                }

            default:
                return -EOPNOTSUPP;
        }
    }

    // aie2_pci.c:aie2_query_ctx_status_array: element_size ≤ 4 KiB and num_element ≤ 1 Ki (-EINVAL); entries
    // of min(element_size, sizeof entry) bytes are written back to back (aie2_hwctx_status_cb), as many as
    // num_element * element_size bytes hold; element_size and num_element come back in that entry size.
    private int HwContextStatusArray(SimulatedProcess caller, ref amdxdna_drm_get_array args)
    {
        if (args.element_size > GemObject.PageSize || args.num_element > 1024)
        {
            return -EINVAL;
        }

        Span<byte> entry = stackalloc byte[Marshal.SizeOf<amdxdna_drm_hwctx_entry>()];
        uint entrySize = Math.Min(args.element_size, (uint)entry.Length);
        uint room = args.num_element * args.element_size / entrySize;
        // The walk stops at the first context that finds no room or cannot be copied; the ioctl still
        // succeeds with what was written.
        uint written = 0;
        foreach (AmdxdnaHwctx context in Volatile.Read(ref _contexts))
        {
            if (context.Id == 0)
            {
                continue; // still being created: not in the client's table yet
            }

            if (written == room)
            {
                break;
            }

            entry.Clear();
            ref amdxdna_drm_hwctx_entry e = ref MemoryMarshal.AsRef<amdxdna_drm_hwctx_entry>(entry);
            e.context_id = context.Id;
            e.pid = context.Client.Pid;
            if (caller.Memory.CopyToUser(args.buffer + written * entrySize, entry[..(int)entrySize]) < 0)
            {
                break;
            }

            written++;
        }

        args.element_size = entrySize;
        args.num_element = written;
        return 0;
    }

    // §7 SET_STATE (DRM_ROOT_ONLY in the table).
    private int SetState(AmdxdnaClient client, SimulatedProcess caller, ref amdxdna_drm_set_state args)
    {
        if (!Generation.HasSetAieState())
        {
            return -EOPNOTSUPP;
        }

        Span<byte> buffer = stackalloc byte[8];
        buffer.Clear();
        switch ((amdxdna_drm_set_param)args.param)
        {
            case amdxdna_drm_set_param.DRM_AMDXDNA_SET_POWER_MODE:
            case amdxdna_drm_set_param.DRM_AMDXDNA_SET_FORCE_PREEMPT:
            case amdxdna_drm_set_param.DRM_AMDXDNA_SET_FRAME_BOUNDARY_PREEMPT:
                // aie2_set_power_mode / aie2_set_preempt_state copy their whole 8-byte record; buffer_size is not looked at.
                if (caller.Memory.CopyFromUser(buffer, args.buffer) < 0)
                {
                    return -EFAULT;
                }

                break;
            default:
                return -EOPNOTSUPP;
        }

        if (buffer[1..].ContainsAnyExcept((byte)0))
        {
            return -EINVAL;
        }

        if ((amdxdna_drm_set_param)args.param == amdxdna_drm_set_param.DRM_AMDXDNA_SET_POWER_MODE)
        {
            if (buffer[0] > (byte)amdxdna_power_mode_type.POWER_MODE_TURBO)
            {
                return -EINVAL;
            }

            PowerMode = buffer[0];
            return 0;
        }

        return buffer[0] > 1 ? -EINVAL : 0;
    }
}
