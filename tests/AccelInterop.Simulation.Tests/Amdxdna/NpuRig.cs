using System.Runtime.InteropServices;
using AccelInterop.Runtime.Devices;
using AccelInterop.Runtime.Errors;
using AccelInterop.Simulation.Amdxdna;
using AccelInterop.Simulation.Kernel;
using AccelInterop.Simulation.Tests.Uapi.Amdxdna;
using AccelInterop.Simulation.Tests.Uapi.Drm;
using static AccelInterop.Simulation.Tests.Uapi.Amdxdna.Amdxdna;
using static AccelInterop.Simulation.Tests.Uapi.Drm.Drm;

namespace AccelInterop.Simulation.Tests.Amdxdna;

/// <summary>A simulated kernel with one amdxdna device and helpers for the usual calls.</summary>
internal sealed unsafe class NpuRig : IDisposable
{
    private readonly List<IDisposable> _owned = [];

    public NpuRig(AmdxdnaGeneration generation = AmdxdnaGeneration.Aie2Npu4, SimulationOptions? options = null)
    {
        Kernel = new SimulatedKernel(options ?? new SimulationOptions { Firmware = FirmwareExecution.Inline });
        Driver = AmdxdnaDriver.CreateDevice(Kernel, generation);
        Process = Kernel.CreateProcess("npu");
        File = Open(Process);
        Qos = Pin(new byte[24]);
    }

    public SimulatedKernel Kernel { get; }
    public AmdxdnaDriver Driver { get; }
    public SimulatedProcess Process { get; }
    public DeviceFile File { get; }

    /// <summary>A registered 24-byte amdxdna_qos_info.</summary>
    public ulong Qos { get; }

    public DeviceFile Open(SimulatedProcess process) => DeviceFile.Open(process, "/dev/accel/accel0").Value;

    /// <summary>Pins <paramref name="buffer"/> and registers it as user memory of the rig's process; its address.</summary>
    public ulong Pin(byte[] buffer, SimulatedProcess? process = null)
    {
        PinnedUserMemory pinned = (process ?? Process).Memory.Pin(buffer);
        lock (_owned)
        {
            _owned.Add(pinned);
        }

        return pinned.Address;
    }

    public Errno CreateBo(amdxdna_bo_type type, ulong size, out uint handle, DeviceFile? file = null)
    {
        var args = new amdxdna_drm_create_bo { type = (uint)type, size = size };
        SysResult r = Raw(file ?? File, DRM_IOCTL_AMDXDNA_CREATE_BO, ref args);
        handle = args.handle;
        if (r.IsSuccess)
        {
            lock (_sizes)
            {
                _sizes[(file ?? File, handle)] = (size + 4095) & ~4095UL;
            }
        }

        return r.Error;
    }

    /// <summary>
    /// One ioctl without the DRM node's EINTR/EAGAIN retry: amdxdna answers -EAGAIN for a DEV BO
    /// on an unmapped heap, which a libdrm-style retry loop would repeat forever.
    /// </summary>
    public static SysResult Raw<T>(DeviceFile file, in AccelInterop.Runtime.Ioctl.IoctlRequest<T> request, ref T args) where T : unmanaged =>
        file.IoctlOnce(request, ref args);

    public uint Bo(amdxdna_bo_type type, ulong size, DeviceFile? file = null)
    {
        Assert.Equal(Errno.None, CreateBo(type, size, out uint handle, file));
        return handle;
    }

    public amdxdna_drm_get_bo_info Info(uint handle, DeviceFile? file = null)
    {
        var info = new amdxdna_drm_get_bo_info { handle = handle };
        (file ?? File).IoctlOrThrow(DRM_IOCTL_AMDXDNA_GET_BO_INFO, ref info);
        return info;
    }

    private readonly Dictionary<(DeviceFile, uint), ulong> _sizes = [];

    /// <summary>Maps a BO through its fake offset (the size: as created, page rounded, or <paramref name="size"/>).</summary>
    public MappedRegion Map(uint handle, DeviceFile? file = null, ulong size = 0)
    {
        file ??= File;
        amdxdna_drm_get_bo_info info = Info(handle, file);
        if (size == 0)
        {
            lock (_sizes)
            {
                size = _sizes[(file, handle)];
            }
        }

        return file.Map((nuint)size, (long)info.map_offset).Value;
    }

    /// <summary>AIE2: a heap of 64 MiB, mmapped; the mapping.</summary>
    public MappedRegion Heap(DeviceFile? file = null)
    {
        uint heap = Bo(amdxdna_bo_type.AMDXDNA_BO_DEV_HEAP, 64UL << 20, file);
        MappedRegion mapping = Map(heap, file);
        _owned.Add(mapping);
        return mapping;
    }

    public Errno CreateContext(out amdxdna_drm_create_hwctx args, uint numTiles = 4, uint umqBo = 0, DeviceFile? file = null, ulong? qos = null)
    {
        args = new amdxdna_drm_create_hwctx { qos_p = qos ?? Qos, num_tiles = numTiles, umq_bo = umqBo };
        return Raw(file ?? File, DRM_IOCTL_AMDXDNA_CREATE_HWCTX, ref args).Error;
    }

    public amdxdna_drm_create_hwctx Context(uint numTiles = 4, uint umqBo = 0, DeviceFile? file = null)
    {
        Assert.Equal(Errno.None, CreateContext(out amdxdna_drm_create_hwctx args, numTiles, umqBo, file));
        return args;
    }

    public Errno Exec(uint context, uint command, out ulong seq, ulong argumentsAddress = 0, uint argumentCount = 0, DeviceFile? file = null)
    {
        var args = new amdxdna_drm_exec_cmd { hwctx = context, cmd_handles = command, cmd_count = 1, args = argumentsAddress, arg_count = argumentCount };
        SysResult r = (file ?? File).Ioctl(DRM_IOCTL_AMDXDNA_EXEC_CMD, ref args);
        seq = args.seq;
        return r.Error;
    }

    public Errno TimelineWait(uint syncobj, ulong point, long timeoutNsec, DeviceFile? file = null)
    {
        byte[] handles = BitConverter.GetBytes(syncobj);
        byte[] points = BitConverter.GetBytes(point);
        var wait = new drm_syncobj_timeline_wait
        {
            handles = Pin(handles),
            points = Pin(points),
            count_handles = 1,
            timeout_nsec = timeoutNsec,
        };
        return (file ?? File).Ioctl(DRM_IOCTL_SYNCOBJ_TIMELINE_WAIT, ref wait).Error;
    }

    public long InSeconds(double seconds) => Kernel.MonotonicNanoseconds + (long)(seconds * 1e9);

    public Errno WaitCmd(uint context, ulong seq, uint timeoutMs, DeviceFile? file = null)
    {
        var wait = new amdxdna_drm_wait_cmd { hwctx = context, seq = seq, timeout = timeoutMs };
        return (file ?? File).Ioctl(DRM_IOCTL_AMDXDNA_WAIT_CMD, ref wait).Error;
    }

    /// <summary>Closes every file and mapping of the rig's process (process exit).</summary>
    public void Exit()
    {
        foreach (IDisposable owned in _owned.OfType<MappedRegion>())
        {
            owned.Dispose();
        }

        File.Dispose();
        Process.Exit();
    }

    public void Dispose()
    {
        foreach (IDisposable owned in _owned)
        {
            owned.Dispose();
        }

        File.Dispose();
        Process.Exit();
        if (!Driver.Device.IsUnplugged)
        {
            Driver.Device.Unplug(); // ends a threaded firmware
        }
    }
}
