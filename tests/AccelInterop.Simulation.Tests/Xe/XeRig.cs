using System.Runtime.InteropServices;
using AccelInterop.Runtime.Devices;
using AccelInterop.Runtime.Errors;
using AccelInterop.Simulation.Kernel;
using AccelInterop.Simulation.Tests.Uapi.Drm;
using AccelInterop.Simulation.Tests.Uapi.Xe;
using AccelInterop.Simulation.Xe;
using static AccelInterop.Simulation.Tests.Uapi.Drm.Drm;
using static AccelInterop.Simulation.Tests.Uapi.Xe.Xe;

namespace AccelInterop.Simulation.Tests.Xe;

/// <summary>A simulated kernel with one xe device (integrated or discrete), and the usual calls through generated bindings.</summary>
internal sealed unsafe class XeRig : IDisposable
{
    private readonly List<IDisposable> _owned = [];

    /// <summary>A GPU address where the rig binds its scratch BO (what batches and user fences use).</summary>
    public const ulong ScratchVa = 0x1_0000_0000;

    public XeRig(XeConfiguration? configuration = null, SimulationOptions? options = null, bool sysAdmin = false)
    {
        Kernel = new SimulatedKernel(options ?? new SimulationOptions { Firmware = FirmwareExecution.Inline });
        Driver = XeDriver.CreateDevice(Kernel, configuration ?? XeConfiguration.Integrated);
        Process = Kernel.CreateProcess("xe", hasSysAdmin: sysAdmin);
        File = Open();
    }

    public SimulatedKernel Kernel { get; }
    public XeDriver Driver { get; }
    public SimulatedProcess Process { get; }
    public DeviceFile File { get; }

    public DeviceFile Open(SimulatedProcess? process = null) => DeviceFile.Open(process ?? Process, Driver.Device.RenderNodePath!).Value;

    /// <summary>Pins <paramref name="buffer"/> as user memory of the rig's process; its address.</summary>
    public ulong Pin<T>(T[] buffer) where T : unmanaged
    {
        PinnedUserMemory pinned = Process.Memory.Pin(buffer);
        _owned.Add(pinned);
        return pinned.Address;
    }

    /// <summary>One ioctl, no EINTR/EAGAIN retry (EXEC's -EAGAIN is what some tests look for).</summary>
    public Errno Call<T>(in AccelInterop.Runtime.Ioctl.IoctlRequest<T> request, ref T args, DeviceFile? file = null) where T : unmanaged =>
        (file ?? File).IoctlOnce(request, ref args).Error;

    /// <summary>DEVICE_QUERY, both steps: the answer's bytes.</summary>
    public byte[] Query(uint query)
    {
        var q = new drm_xe_device_query { query = query };
        Assert.Equal(Errno.None, Call(DRM_IOCTL_XE_DEVICE_QUERY, ref q));
        byte[] data = new byte[Math.Max(1, q.size)];
        q.data = Pin(data);
        Assert.Equal(Errno.None, Call(DRM_IOCTL_XE_DEVICE_QUERY, ref q));
        return data[..(int)q.size];
    }

    public Errno CreateBo(out uint handle, ulong size = 0x10000, uint placement = 1, ushort caching = DRM_XE_GEM_CPU_CACHING_WB, uint flags = 0, uint vm = 0)
    {
        var args = new drm_xe_gem_create { size = size, placement = placement, cpu_caching = caching, flags = flags, vm_id = vm };
        Errno e = Call(DRM_IOCTL_XE_GEM_CREATE, ref args);
        handle = args.handle;
        return e;
    }

    public uint Bo(ulong size = 0x10000, uint placement = 1, ushort caching = DRM_XE_GEM_CPU_CACHING_WB, uint vm = 0)
    {
        Assert.Equal(Errno.None, CreateBo(out uint handle, size, placement, caching, 0, vm));
        return handle;
    }

    /// <summary>mmaps the BO and registers the mapping as user memory (so WAIT_USER_FENCE may read it).</summary>
    public MappedRegion Map(uint handle, ulong size = 0x10000, DeviceFile? file = null)
    {
        var offset = new drm_xe_gem_mmap_offset { handle = handle };
        Assert.Equal(Errno.None, Call(DRM_IOCTL_XE_GEM_MMAP_OFFSET, ref offset, file));
        MappedRegion region = (file ?? File).Map((nuint)size, (long)offset.offset).Value;
        _owned.Add(region);
        _owned.Add(Process.Memory.Register((void*)region.Address, region.Length));
        return region;
    }

    public uint Vm(uint flags = 0)
    {
        var args = new drm_xe_vm_create { flags = flags };
        Assert.Equal(Errno.None, Call(DRM_IOCTL_XE_VM_CREATE, ref args));
        return args.vm_id;
    }

    public Errno DestroyVm(uint vm)
    {
        var args = new drm_xe_vm_destroy { vm_id = vm };
        return Call(DRM_IOCTL_XE_VM_DESTROY, ref args);
    }

    /// <summary>PAT index 2: Xe2's one-way-coherent (WB-safe) entry with no compression.</summary>
    public const ushort CoherentPat = 2;

    public Errno Bind(uint vm, drm_xe_vm_bind_op op, ulong syncs = 0, uint numSyncs = 0, uint queue = 0)
    {
        var args = new drm_xe_vm_bind { vm_id = vm, num_binds = 1, bind = op, syncs = syncs, num_syncs = numSyncs, exec_queue_id = queue };
        return Call(DRM_IOCTL_XE_VM_BIND, ref args);
    }

    public static drm_xe_vm_bind_op MapOp(uint bo, ulong addr, ulong range, ulong offset = 0, ushort pat = CoherentPat) =>
        new() { op = DRM_XE_VM_BIND_OP_MAP, obj = bo, addr = addr, range = range, obj_offset = offset, pat_index = pat };

    public static drm_xe_vm_bind_op UnmapOp(ulong addr, ulong range) =>
        new() { op = DRM_XE_VM_BIND_OP_UNMAP, addr = addr, range = range, pat_index = CoherentPat };

    public Errno CreateQueue(out uint id, uint vm, XeEngineClass engineClass = XeEngineClass.Render, ushort instance = 0, ushort gt = 0,
        ushort width = 1, ulong extensions = 0)
    {
        var eci = new drm_xe_engine_class_instance[width];
        for (int i = 0; i < width; i++)
        {
            eci[i] = new drm_xe_engine_class_instance { engine_class = (ushort)engineClass, engine_instance = (ushort)(instance + i), gt_id = gt };
        }

        var args = new drm_xe_exec_queue_create { width = width, num_placements = 1, vm_id = vm, instances = Pin(eci), extensions = extensions };
        Errno e = Call(DRM_IOCTL_XE_EXEC_QUEUE_CREATE, ref args);
        id = args.exec_queue_id;
        return e;
    }

    public uint Queue(uint vm, XeEngineClass engineClass = XeEngineClass.Render, ushort instance = 0, ushort gt = 0, ushort width = 1)
    {
        Assert.Equal(Errno.None, CreateQueue(out uint id, vm, engineClass, instance, gt, width));
        return id;
    }

    public Errno DestroyQueue(uint id)
    {
        var args = new drm_xe_exec_queue_destroy { exec_queue_id = id };
        return Call(DRM_IOCTL_XE_EXEC_QUEUE_DESTROY, ref args);
    }

    /// <summary>A user array of syncs (pinned); its address.</summary>
    public ulong Syncs(params drm_xe_sync[] syncs) => Pin(syncs);

    public static drm_xe_sync SyncobjSignal(uint handle) => new() { type = DRM_XE_SYNC_TYPE_SYNCOBJ, flags = DRM_XE_SYNC_FLAG_SIGNAL, handle = handle };

    public static drm_xe_sync SyncobjWait(uint handle) => new() { type = DRM_XE_SYNC_TYPE_SYNCOBJ, handle = handle };

    public static drm_xe_sync TimelineSignal(uint handle, ulong point) =>
        new() { type = DRM_XE_SYNC_TYPE_TIMELINE_SYNCOBJ, flags = DRM_XE_SYNC_FLAG_SIGNAL, handle = handle, timeline_value = point };

    public static drm_xe_sync UserFence(ulong addr, ulong value) =>
        new() { type = DRM_XE_SYNC_TYPE_USER_FENCE, flags = DRM_XE_SYNC_FLAG_SIGNAL, addr = addr, timeline_value = value };

    public Errno Exec(uint queue, ulong address, ulong syncs = 0, uint numSyncs = 0, ushort batches = 1, DeviceFile? file = null)
    {
        var args = new drm_xe_exec { exec_queue_id = queue, address = address, num_batch_buffer = batches, syncs = syncs, num_syncs = numSyncs };
        return Call(DRM_IOCTL_XE_EXEC, ref args, file);
    }

    public Errno WaitUserFence(ulong addr, ulong value, out long remaining, ushort op = DRM_XE_UFENCE_WAIT_OP_EQ, ulong mask = ulong.MaxValue,
        long timeout = 5_000_000_000, uint queue = 0, ushort flags = 0)
    {
        var args = new drm_xe_wait_user_fence { addr = addr, value = value, op = op, mask = mask, timeout = timeout, exec_queue_id = queue, flags = flags };
        Errno e = Call(DRM_IOCTL_XE_WAIT_USER_FENCE, ref args);
        remaining = args.timeout;
        return e;
    }

    public uint Syncobj(bool signaled = false)
    {
        var args = new drm_syncobj_create { flags = signaled ? (uint)DRM_SYNCOBJ_CREATE_SIGNALED : 0u };
        File.IoctlOrThrow(DRM_IOCTL_SYNCOBJ_CREATE, ref args);
        return args.handle;
    }

    /// <summary>SYNCOBJ_WAIT on one handle (absolute deadline <paramref name="seconds"/> from now).</summary>
    public Errno WaitSyncobj(uint handle, double seconds = 5)
    {
        var wait = new drm_syncobj_wait
        {
            handles = Pin(new[] { handle }),
            count_handles = 1,
            timeout_nsec = Kernel.MonotonicNanoseconds + (long)(seconds * 1e9),
        };
        return Call(DRM_IOCTL_SYNCOBJ_WAIT, ref wait);
    }

    public Errno TimelineWait(uint handle, ulong point, double seconds = 5, uint flags = 0)
    {
        var wait = new drm_syncobj_timeline_wait
        {
            handles = Pin(new[] { handle }),
            points = Pin(new[] { point }),
            count_handles = 1,
            flags = flags,
            timeout_nsec = Kernel.MonotonicNanoseconds + (long)(seconds * 1e9),
        };
        return Call(DRM_IOCTL_SYNCOBJ_TIMELINE_WAIT, ref wait);
    }

    public Errno CloseBo(uint handle)
    {
        var close = new drm_gem_close { handle = handle };
        return Call(DRM_IOCTL_GEM_CLOSE, ref close);
    }

    /// <summary>A VM with a scratch BO (64 KiB, system memory, WB) mapped on the CPU and bound at <see cref="ScratchVa"/>.</summary>
    public Scratch CreateScratch(uint vmFlags = 0, ulong size = 0x10000)
    {
        uint vm = Vm(vmFlags);
        uint bo = Bo(size);
        MappedRegion cpu = Map(bo, size);
        Assert.Equal(Errno.None, Bind(vm, MapOp(bo, ScratchVa, size)));
        return new Scratch(vm, bo, cpu);
    }

    internal sealed record Scratch(uint Vm, uint Bo, MappedRegion Cpu)
    {
        public ulong Gpu(ulong offset) => ScratchVa + offset;

        public ulong CpuAddress(ulong offset) => (ulong)Cpu.Address + offset;

        public ulong Read64(ulong offset) => Volatile.Read(ref *(ulong*)(Cpu.Address + (nint)offset));

        public uint Read32(ulong offset) => Volatile.Read(ref *(uint*)(Cpu.Address + (nint)offset));

        public void Write32(ulong offset, uint value) => Volatile.Write(ref *(uint*)(Cpu.Address + (nint)offset), value);

        /// <summary>Writes <paramref name="commands"/> at <paramref name="offset"/> (a batch); its GPU address.</summary>
        public ulong Batch(ulong offset, params uint[] commands)
        {
            MemoryMarshal.AsBytes(commands.AsSpan()).CopyTo(Cpu.Slice((nuint)offset, commands.Length * 4));
            return Gpu(offset);
        }

        /// <summary>A batch storing <paramref name="value"/> at scratch offset <paramref name="target"/>, then BATCH_BUFFER_END.</summary>
        public ulong StoreBatch(ulong offset, ulong target, uint value) =>
            Batch(offset, XeMiCommand.StoreDword, (uint)Gpu(target), (uint)(Gpu(target) >> 32), value, XeMiCommand.BatchBufferEnd);
    }

    public static int SizeOf<T>() where T : unmanaged => Marshal.SizeOf<T>();

    /// <summary>A pinned chain of SET_PROPERTY extension links (name 0), one per property, in order; its address.</summary>
    public ulong PropertyChain(params (uint Property, ulong Value)[] properties)
    {
        var links = new drm_xe_ext_set_property[properties.Length];
        ulong address = Pin(links);
        for (int i = 0; i < links.Length; i++)
        {
            links[i].property = properties[i].Property;
            links[i].value = properties[i].Value;
            links[i].@base.name = 0; // SET_PROPERTY, the one extension GEM_CREATE and EXEC_QUEUE_CREATE know
            links[i].@base.next_extension = i + 1 < links.Length ? address + (ulong)((i + 1) * SizeOf<drm_xe_ext_set_property>()) : 0;
        }

        return address;
    }

    public void Dispose()
    {
        for (int i = _owned.Count - 1; i >= 0; i--)
        {
            _owned[i].Dispose();
        }

        File.Dispose();
        Process.Exit();
        if (!Driver.Device.IsUnplugged)
        {
            Driver.Device.Unplug();
        }
    }
}
