using AccelInterop.Runtime.Devices;
using AccelInterop.Runtime.Ioctl;
using AccelInterop.Runtime.Linux;
using AccelInterop.Simulation.Drm;
using AccelInterop.Simulation.Kernel;
using BenchmarkDotNet.Attributes;

namespace AccelInterop.Runtime.Benchmarks;

/// <summary>
/// One ioctl through <see cref="DeviceFile"/>: the real syscall (FIONREAD on a pipe, the
/// baseline) against a trivial ioctl dispatched by the simulated DRM core.
/// </summary>
[MemoryDiagnoser]
public class IoctlBenchmarks
{
    private PipeFionread _pipe = null!;
    private DeviceFile _simulated = null!;
    private IoctlRequest<ulong> _noop;

    [GlobalSetup]
    public void Setup()
    {
        _pipe = new PipeFionread();

        var kernel = new SimulatedKernel();
        var driver = new NoopDrmDriver();
        DrmDevice.Create(kernel, driver, DrmIoctlTable.Create<DrmFile>(0));
        _simulated = DeviceFile.Open(kernel.CreateProcess("bench"), "/dev/accel/accel0").Value;
        _noop = driver.Request;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _pipe.Dispose();
        _simulated.Dispose();
    }

    [Benchmark(Baseline = true, Description = "ioctl(FIONREAD) on a pipe, real syscall")]
    public int RealSyscall() => _pipe.Call();

    [Benchmark(Description = "trivial DRM ioctl, simulated kernel")]
    public ulong SimulatedIoctl()
    {
        ulong argument = 0;
        _simulated.Ioctl(_noop, ref argument);
        return argument;
    }
}
