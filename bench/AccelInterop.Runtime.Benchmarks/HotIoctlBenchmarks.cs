using System.Runtime.InteropServices;
using AccelInterop.Runtime.Benchmarks.Uapi.Drm;
using AccelInterop.Runtime.Devices;
using AccelInterop.Runtime.Ioctl;
using AccelInterop.Runtime.Linux;
using AccelInterop.Simulation.Amdxdna;
using AccelInterop.Simulation.Kernel;
using BenchmarkDotNet.Attributes;
using static AccelInterop.Runtime.Benchmarks.Uapi.Drm.Drm;

namespace AccelInterop.Runtime.Benchmarks;

/// <summary>
/// The DRM ioctls a program calls in a loop, through the generated requests and
/// <see cref="DeviceFile"/> on a simulated amdxdna device: VERSION (with and without buffers),
/// GET_CAP, and SYNCOBJ_WAIT on a signalled syncobj. The point is the Allocated column (0 B);
/// the baseline is the real ioctl(FIONREAD) on a pipe.
/// </summary>
[MemoryDiagnoser]
public unsafe class HotIoctlBenchmarks
{
    private PipeFionread _pipe = null!;
    private DeviceFile _npu = null!;
    private byte* _user;
    private uint _syncobj;

    [GlobalSetup]
    public void Setup()
    {
        _pipe = new PipeFionread();

        var kernel = new SimulatedKernel(new SimulationOptions { Firmware = FirmwareExecution.Inline });
        AmdxdnaDriver.CreateDevice(kernel, AmdxdnaGeneration.Aie2Npu4);
        SimulatedProcess process = kernel.CreateProcess("bench");
        _npu = DeviceFile.Open(process, "/dev/accel/accel0").Value;
        _user = (byte*)NativeMemory.AllocZeroed(4096);
        process.Memory.Register(_user, 4096);
        var create = new drm_syncobj_create { flags = DRM_SYNCOBJ_CREATE_SIGNALED };
        _npu.IoctlOrThrow(DRM_IOCTL_SYNCOBJ_CREATE, ref create);
        _syncobj = create.handle;
        *(uint*)_user = _syncobj;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _pipe.Dispose();
        _npu.Dispose();
        NativeMemory.Free(_user);
    }

    [Benchmark(Baseline = true, Description = "ioctl(FIONREAD) on a pipe, real syscall")]
    public int RealSyscall() => _pipe.Call();

    [Benchmark(Description = "DRM_IOCTL_VERSION, lengths only")]
    public nuint VersionLengths()
    {
        var v = new drm_version();
        _npu.Ioctl(DRM_IOCTL_VERSION, ref v);
        return v.name_len;
    }

    [Benchmark(Description = "DRM_IOCTL_VERSION into buffers")]
    public nuint VersionStrings()
    {
        var v = new drm_version { name = (nuint)(_user + 1024), name_len = 64, date = (nuint)(_user + 2048), date_len = 64, desc = (nuint)(_user + 3072), desc_len = 64 };
        _npu.Ioctl(DRM_IOCTL_VERSION, ref v);
        return v.desc_len;
    }

    [Benchmark(Description = "DRM_IOCTL_GET_CAP")]
    public ulong GetCap()
    {
        var cap = new drm_get_cap { capability = DRM_CAP_SYNCOBJ_TIMELINE };
        _npu.Ioctl(DRM_IOCTL_GET_CAP, ref cap);
        return cap.value;
    }

    [Benchmark(Description = "DRM_IOCTL_SYNCOBJ_WAIT, signalled syncobj")]
    public uint SyncobjWait()
    {
        var wait = new drm_syncobj_wait { handles = (ulong)_user, count_handles = 1, timeout_nsec = long.MaxValue };
        _npu.Ioctl(DRM_IOCTL_SYNCOBJ_WAIT, ref wait);
        return wait.first_signaled;
    }
}
