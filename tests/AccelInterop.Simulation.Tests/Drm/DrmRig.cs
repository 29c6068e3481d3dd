using AccelInterop.Runtime.Devices;
using AccelInterop.Runtime.Ioctl;
using AccelInterop.Simulation.Drm;
using AccelInterop.Simulation.Kernel;

namespace AccelInterop.Simulation.Tests.Drm;

/// <summary>A simulated kernel with one <see cref="TestDrmDriver"/> device and helpers to build commands.</summary>
internal sealed class DrmRig
{
    public DrmRig(DrmDriverFeatures features = DrmDriverFeatures.ComputeAccel | DrmDriverFeatures.Gem)
    {
        Driver = new TestDrmDriver(features);
        Device = DrmDevice.Create(Kernel, Driver, Driver.CoreIoctls);
    }

    public SimulatedKernel Kernel { get; } = new();
    public TestDrmDriver Driver { get; }
    public DrmDevice Device { get; }

    public string AccelPath => "/dev/accel/accel0";

    public DeviceFile Open(SimulatedProcess process, string? path = null) =>
        DeviceFile.Open(process, path ?? AccelPath).Value;

    public static ulong Command(IoctlDirection direction, byte number, uint size, byte type = 0x64) =>
        IoctlEncoding.Current.Encode(direction, type, number, size);

    /// <summary>A user buffer of <paramref name="length"/> bytes holding 1, 2, 3, ...</summary>
    public static byte[] Numbered(int length) => Enumerable.Range(1, length).Select(i => (byte)i).ToArray();
}
