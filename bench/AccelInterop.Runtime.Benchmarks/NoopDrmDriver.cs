using AccelInterop.Runtime.Ioctl;
using AccelInterop.Simulation.Drm;
using AccelInterop.Simulation.Kernel;

namespace AccelInterop.Runtime.Benchmarks;

/// <summary>An accel driver with one ioctl that does nothing: the cost of the simulated dispatch itself.</summary>
internal sealed class NoopDrmDriver : DrmDriver<DrmFile>
{
    public const byte NoopNumber = 0x40;

    public NoopDrmDriver()
    {
        Request = new IoctlRequest<ulong>("NOOP", IoctlDirection.ReadWrite, 0x64, NoopNumber, 8,
            IoctlEncoding.Current.Encode(IoctlDirection.ReadWrite, 0x64, NoopNumber, 8));
        Ioctls = DrmIoctlTable.Create<DrmFile>().Define(Request, DrmIoctlFlags.RenderAllow, static (DrmFile _, SimulatedProcess _, ref ulong _) => 0);
    }

    public IoctlRequest<ulong> Request { get; }
    public override string Name => "noop";
    public override string Description => "dispatch benchmark driver";
    public override int Major => 1;
    public override int Minor => 0;
    public override DrmDriverFeatures Features => DrmDriverFeatures.ComputeAccel;
    public override IoctlTable<DrmFile, DrmIoctlFlags> Ioctls { get; }
}
