using AccelInterop.Simulation.Drm;
using AccelInterop.Simulation.Kernel;
using AccelInterop.Simulation.Tests.Uapi.Qda;
using static AccelInterop.Runtime.Errors.Errno;
using static AccelInterop.Simulation.Tests.Uapi.Qda.Qda;

namespace AccelInterop.Simulation.Tests.NewDriver;

/// <summary>
/// A whole driver in one file, through the public seams only: an accel DRM driver whose one
/// ioctl answers QDA's QUERY shape from generated bindings, with per-file state, a fault point
/// and an object counter of its own.
/// </summary>
public sealed class ToyAccelDriver : DrmDriver<ToyAccelDriver.Session>
{
    /// <summary>Open files of toy devices, counted while they live.</summary>
    public static readonly ObjectKind Sessions = new("toy sessions");

    /// <summary>QUERY fails with -EIO.</summary>
    public static readonly FaultPoint QueryFailure = new("toy query failure", "QUERY fails with -EIO");

    private ObjectCounter _sessions = null!;

    private ToyAccelDriver() =>
        Ioctls = DrmIoctlTable.Create<Session>().Define(DRM_IOCTL_QDA_QUERY, DrmIoctlFlags.RenderAllow, Query);

    /// <summary>The driver's per-file state.</summary>
    public sealed class Session
    {
        public int Queries { get; internal set; }
    }

    public static ToyAccelDriver CreateDevice(SimulatedKernel kernel)
    {
        var driver = new ToyAccelDriver();
        DrmDevice.Create(kernel, driver);
        return driver;
    }

    public override string Name => "toy";
    public override string Description => "single-file test driver";
    public override int Major => 1;
    public override int Minor => 0;
    public override DrmDriverFeatures Features => DrmDriverFeatures.ComputeAccel;
    public override IoctlTable<Session, DrmIoctlFlags> Ioctls { get; }

    public override void Attach(DrmDevice device)
    {
        base.Attach(device);
        _sessions = device.Kernel.Counts.Counter(Sessions);
        device.Kernel.Faults.Declare(QueryFailure);
    }

    protected override int Open(DrmFile file, out Session? state)
    {
        _sessions.Add(1);
        state = new Session();
        return 0;
    }

    protected override void Postclose(Session state) => _sessions.Add(-1);

    private int Query(Session session, SimulatedProcess caller, ref drm_qda_query query)
    {
        if (Device.Kernel.Faults.ShouldFail(QueryFailure))
        {
            return -EIO;
        }

        session.Queries++;
        "toy"u8.CopyTo(query.dsp_name);
        return 0;
    }
}
