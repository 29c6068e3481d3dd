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
    private DeviceFile _pipeReader = null!;
    private DeviceFile _pipeWriter = null!;
    private IoctlRequest<int> _fionread;
    private DeviceFile _simulated = null!;
    private IoctlRequest<ulong> _noop;

    [GlobalSetup]
    public void Setup()
    {
        (SafeFileDescriptor read, SafeFileDescriptor write) = LinuxKernel.Instance.Pipe().Value;
        _pipeReader = new DeviceFile(read);
        _pipeWriter = new DeviceFile(write);
        _fionread = new IoctlRequest<int>("FIONREAD", IoctlDirection.None, 0, 0, 0, CompilerValues.Fionread());

        var kernel = new SimulatedKernel();
        var driver = new NoopDrmDriver();
        DrmDevice.Create(kernel, driver, DrmIoctlTable.Create<DrmFile>(0));
        _simulated = DeviceFile.Open(kernel.CreateProcess("bench"), "/dev/accel/accel0").Value;
        _noop = driver.Request;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _pipeReader.Dispose();
        _pipeWriter.Dispose();
        _simulated.Dispose();
    }

    [Benchmark(Baseline = true, Description = "ioctl(FIONREAD) on a pipe, real syscall")]
    public int RealSyscall()
    {
        int available = 0;
        _pipeReader.Ioctl(_fionread, ref available);
        return available;
    }

    [Benchmark(Description = "trivial DRM ioctl, simulated kernel")]
    public ulong SimulatedIoctl()
    {
        ulong argument = 0;
        _simulated.Ioctl(_noop, ref argument);
        return argument;
    }
}
