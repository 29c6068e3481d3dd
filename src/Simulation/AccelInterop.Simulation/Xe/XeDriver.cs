using AccelInterop.Runtime.Devices;
using AccelInterop.Simulation.Drm;
using AccelInterop.Simulation.Kernel;
using static AccelInterop.Runtime.Errors.Errno;
using static AccelInterop.Simulation.Uapi.Xe.Xe;

namespace AccelInterop.Simulation.Xe;

/// <summary>
/// The xe driver model (xe.md): a render-capable DRM driver with syncobjs and timelines, its
/// ioctl table over the generated <c>xe_drm.h</c> structs, the device configuration chosen at
/// creation (<see cref="XeConfiguration"/>), the PCI barrier page of a discrete part, and the
/// simulated engines that run the exec queues' rings — on the firmware thread or inline.
/// </summary>
public sealed partial class XeDriver : DrmDriver<XeFile>, ISimulatedFirmware
{
    /// <summary>Exec queues of every xe device (user and VM_BIND queues).</summary>
    public static readonly ObjectKind ExecQueues = new("xe exec queues");

    /// <summary>Xe scheduler jobs not yet freed.</summary>
    public static readonly ObjectKind Jobs = new("xe jobs");

    /// <summary>A VM_BIND fails after its fence exists (the page-table update): the ops unwind, the fence signals with the error.</summary>
    public static readonly FaultPoint BindFailure = new("xe bind failure", "a VM_BIND page-table update fails after the bind fence was created");

    private readonly Lock _lock = new();
    private readonly Queue<XeBindJob> _readyBinds = new();
    private XeExecQueue[] _queues = [];
    private XeHwEngineArbiter[] _arbiters = [];
    private FirmwareHost? _host;
    private long _systemUsed;
    private long _vramUsed;
    private long _visibleVramUsed;

    private XeDriver(XeConfiguration configuration)
    {
        Configuration = configuration;
        const DrmIoctlFlags render = DrmIoctlFlags.RenderAllow;
        Ioctls = DrmIoctlTable.Create<XeFile>()
            .Define(DRM_IOCTL_XE_DEVICE_QUERY, render, DeviceQuery)
            .Define(DRM_IOCTL_XE_GEM_CREATE, render, GemCreate)
            .Define(DRM_IOCTL_XE_GEM_MMAP_OFFSET, render, GemMmapOffset)
            .Define(DRM_IOCTL_XE_VM_CREATE, render, VmCreate)
            .Define(DRM_IOCTL_XE_VM_DESTROY, render, VmDestroy)
            .Define(DRM_IOCTL_XE_VM_BIND, render, VmBind)
            .Define(DRM_IOCTL_XE_EXEC_QUEUE_CREATE, render, ExecQueueCreate)
            .Define(DRM_IOCTL_XE_EXEC_QUEUE_DESTROY, render, ExecQueueDestroy)
            .Define(DRM_IOCTL_XE_EXEC_QUEUE_GET_PROPERTY, render, ExecQueueGetProperty)
            .Define(DRM_IOCTL_XE_EXEC, render, Exec)
            .Define(DRM_IOCTL_XE_WAIT_USER_FENCE, render, WaitUserFence)
            .Define(DRM_IOCTL_XE_OBSERVATION, render, Observation)
            .Define(DRM_IOCTL_XE_MADVISE, render, Madvise)
            .Define(DRM_IOCTL_XE_VM_QUERY_MEM_RANGE_ATTRS, render, QueryMemRangeAttrs)
            .Define(DRM_IOCTL_XE_EXEC_QUEUE_SET_PROPERTY, render, ExecQueueSetProperty)
            .Define(DRM_IOCTL_XE_VM_GET_PROPERTY, render, VmGetProperty);
    }

    /// <summary>Creates an xe device of <paramref name="configuration"/> (/dev/dri/cardN and renderD(128+N)) in <paramref name="kernel"/>.</summary>
    public static XeDriver CreateDevice(SimulatedKernel kernel, XeConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var driver = new XeDriver(configuration);
        DrmDevice.Create(kernel, driver);
        return driver;
    }

    public XeConfiguration Configuration { get; }

    public override string Name => "xe";
    public override string Description => "Intel Xe2 Graphics";
    public override int Major => 1;
    public override int Minor => 1;
    public override DrmDriverFeatures Features =>
        DrmDriverFeatures.Gem | DrmDriverFeatures.Render | DrmDriverFeatures.Syncobj | DrmDriverFeatures.SyncobjTimeline;
    public override IoctlTable<XeFile, DrmIoctlFlags> Ioctls { get; }

    internal ObjectCounter QueueCounter { get; private set; } = null!;
    internal ObjectCounter JobCounter { get; private set; } = null!;

    /// <summary>The PCI barrier page of a discrete part (null on an integrated one).</summary>
    public XeBarrierPage? BarrierPage { get; private set; }

    public override void Attach(DrmDevice device)
    {
        base.Attach(device);
        QueueCounter = device.Kernel.Counts.Counter(ExecQueues);
        JobCounter = device.Kernel.Counts.Counter(Jobs);
        device.Kernel.Counts.Counter(XeVm.Vms);
        device.Kernel.Faults.Declare(BindFailure);
        if (Configuration.IsDiscrete)
        {
            BarrierPage = new XeBarrierPage(device);
        }

        _arbiters = [.. Configuration.Engines.Select(engine => new XeHwEngineArbiter(this, engine))];
        _host = new FirmwareHost(device.Kernel, "xe engines", this, () => Device.IsUnplugged);
    }

    protected override int Open(DrmFile file, out XeFile? state)
    {
        state = new XeFile(file);
        return 0;
    }

    // xe_file_close: exec queues are killed and put, then VMs closed and put.
    protected override void Postclose(XeFile state)
    {
        foreach (KeyValuePair<uint, XeExecQueue> entry in state.ExecQueues.RemoveAll())
        {
            DestroyQueue(entry.Value);
        }

        foreach (KeyValuePair<uint, XeVm> entry in state.Vms.RemoveAll())
        {
            entry.Value.Close();
            entry.Value.Put();
        }
    }

    // ---- engines (the firmware host steps them) ---------------------------------------------

    /// <summary>
    /// One pass: ready binds, every queue's scheduler (jobs into rings), every hardware engine (its
    /// arbiter picks the context), then the fences reached signal and user-fence sleepers wake; true
    /// if anything progressed. Only the kernel steps it (its FirmwareHost, or SimulatedKernel.RunFirmware inline), which also
    /// keeps it still while a hold is in force.
    /// </summary>
    bool ISimulatedFirmware.Step()
    {
        bool progressed = RunReadyBinds();
        long now = Device.Kernel.MonotonicNanoseconds;
        XeExecQueue[] queues = Volatile.Read(ref _queues);
        foreach (XeExecQueue queue in queues)
        {
            progressed |= queue.StepScheduler(now);
        }

        bool interrupt = false, ran = false;
        foreach (XeHwEngineArbiter arbiter in _arbiters)
        {
            ran |= arbiter.Run(now, ref interrupt);
        }

        foreach (XeExecQueue queue in queues)
        {
            progressed |= queue.Complete(now, ran);
        }

        if (interrupt)
        {
            Device.Kernel.FenceWakeup.WakeUpAll(); // the user interrupt: every user-fence sleeper looks again
        }

        return progressed | ran;
    }

    long ISimulatedFirmware.NextTimerNanoseconds
    {
        get
        {
            long next = long.MaxValue;
            foreach (XeExecQueue queue in Volatile.Read(ref _queues))
            {
                next = Math.Min(next, queue.NextTimer);
            }

            foreach (XeHwEngineArbiter arbiter in _arbiters)
            {
                next = Math.Min(next, arbiter.NextTimer);
            }

            return next;
        }
    }

    /// <summary>The hardware engine <paramref name="engine"/> names (a configured one).</summary>
    internal XeHwEngineArbiter Arbiter(XeHwEngine engine) => Array.Find(_arbiters, a => a.Engine == engine)!;

    /// <summary>The user exec queues of every file, as the engines see them.</summary>
    public IReadOnlyList<XeExecQueue> Queues => Volatile.Read(ref _queues);

    /// <summary>A bind job's dependencies signalled: its page-table update runs on the next step.</summary>
    internal void QueueBind(XeBindJob job)
    {
        lock (_readyBinds)
        {
            _readyBinds.Enqueue(job);
        }

        Kick();
    }

    private bool RunReadyBinds()
    {
        bool progressed = false;
        while (true)
        {
            XeBindJob? job;
            lock (_readyBinds)
            {
                if (!_readyBinds.TryDequeue(out job))
                {
                    return progressed;
                }
            }

            job.Run();
            progressed = true;
        }
    }

    /// <summary>Work was queued or a wait started: the engines look.</summary>
    internal void Kick() => _host?.Ring();

    private void AddQueue(XeExecQueue queue)
    {
        lock (_lock)
        {
            _queues = [.. _queues, queue];
        }

        queue.Place(add: true);
        Kick();
    }

    private void DestroyQueue(XeExecQueue queue)
    {
        queue.Kill();
        lock (_lock)
        {
            _queues = [.. _queues.Where(q => !ReferenceEquals(q, queue))];
        }

        if (!queue.IsBindQueue)
        {
            queue.Place(add: false);
        }

        queue.Put();
    }

    // ---- memory accounting (what the memory-regions query reports as used) ---------------

    internal void Account(XeBo bo) => Adjust(bo, (long)bo.Size);

    /// <summary>
    /// xe_bo_migrate: the BO moves to memory region <paramref name="region"/> (bit 0 system, 1 VRAM)
    /// if it was created with that placement (<c>xe_bo_can_migrate</c>), else -EINVAL; what the
    /// memory-regions query reports as used moves with it.
    /// </summary>
    internal int Migrate(XeBo bo, uint region)
    {
        if (region >= 32 || (bo.Placement & (1u << (int)region)) == 0)
        {
            return -EINVAL;
        }

        lock (bo)
        {
            if (bo.InVram != (region != 0))
            {
                Unaccount(bo);
                bo.InVram = region != 0;
                Account(bo);
            }
        }

        return 0;
    }

    internal void Unaccount(XeBo bo) => Adjust(bo, -(long)bo.Size);

    private void Adjust(XeBo bo, long delta)
    {
        if (bo.InVram)
        {
            Interlocked.Add(ref _vramUsed, delta);
            if ((bo.Flags & DRM_XE_GEM_CREATE_FLAG_NEEDS_VISIBLE_VRAM) != 0)
            {
                Interlocked.Add(ref _visibleVramUsed, delta);
            }
        }
        else
        {
            Interlocked.Add(ref _systemUsed, delta);
        }
    }

    // ---- mmap: the PCI barrier page at its fixed offset, else drm_gem_mmap (xe_device.c:xe_mmap) ----

    public override int Mmap(DrmFile file, SimulatedProcess caller, nuint length, MemoryProtection protection, MapFlags flags, long offset, out MemoryMapping? mapping)
    {
        if ((ulong)offset == XeBarrierPage.MmapOffset)
        {
            mapping = null;
            return BarrierPage is null ? -EINVAL : BarrierPage.Mmap(length, protection, flags, out mapping);
        }

        return base.Mmap(file, caller, length, protection, offset, out mapping);
    }

    public override int Mmap(DrmFile file, SimulatedProcess caller, nuint length, MemoryProtection protection, long offset, out MemoryMapping? mapping) =>
        Mmap(file, caller, length, protection, MapFlags.Shared, offset, out mapping);
}
