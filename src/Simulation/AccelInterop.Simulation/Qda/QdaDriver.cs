using AccelInterop.Simulation.Drm;
using AccelInterop.Simulation.Kernel;
using AccelInterop.Simulation.Uapi.Qda;
using static AccelInterop.Runtime.Errors.Errno;
using static AccelInterop.Simulation.Uapi.Qda.Qda;

namespace AccelInterop.Simulation.Qda;

/// <summary>
/// The accel/qda driver model (qda.md; the v1 series after 15/15): a compute-accel GEM driver per
/// DSP domain, /dev/accel/accelN, whose ioctls are synchronous calls to a simulated DSP over a
/// message transport. Per file: a session id from a device-wide counter, a context bank bound to
/// the opener's pid on first use, and the DSP process's init memory.
/// </summary>
public sealed partial class QdaDriver : DrmDriver<QdaFile>
{
    /// <summary>The DSP crashes while it handles a request: a subsystem restart fails everything in flight, then the DSP is back, empty.</summary>
    public static readonly FaultPoint DspCrash = new("qda dsp crash", "the DSP crashes handling a request: in-flight invocations fail with -EPIPE, the DSP restarts");

    /// <summary>rpmsg_send fails (-EIO, the simulation's choice of the transport's errors).</summary>
    public static readonly FaultPoint SendFailure = new("qda send failure", "sending a request to the DSP fails with -EIO");

    /// <summary>A signal arrives while a call waits for the DSP: -ERESTARTSYS, which the caller sees as EINTR.</summary>
    public static readonly FaultPoint SignalDuringWait = new("qda signal during wait", "a signal interrupts the wait for the DSP's answer (-ERESTARTSYS)");

    /// <summary>Invocation contexts of every QDA device (one per call in progress, and per message still in flight).</summary>
    public static ObjectKind InvocationContexts => FastRpcContext.Contexts;

    private readonly HandleTable<FastRpcContext> _contexts = new();
    private uint _sessionCounter;
    private FirmwareHost? _host;
    private ObjectCounter _contextCounter = null!;

    private QdaDriver(QdaOptions options)
    {
        Options = options;
        Dsp = new SimulatedDsp(this);
        Ioctls = DrmIoctlTable.Create<QdaFile>()
            .Define(DRM_IOCTL_QDA_QUERY, DrmIoctlFlags.None, Query)
            .Define(DRM_IOCTL_QDA_GEM_CREATE, DrmIoctlFlags.None, GemCreate)
            .Define(DRM_IOCTL_QDA_GEM_MMAP_OFFSET, DrmIoctlFlags.None, GemMmapOffset)
            // 0x43 stays empty (held for the RFC's INIT_ATTACH): drm_ioctl finds no function there, -EINVAL.
            .Define(DRM_IOCTL_QDA_REMOTE_SESSION_CREATE, DrmIoctlFlags.None, SessionCreate)
            .Define(DRM_IOCTL_QDA_REMOTE_MAP, DrmIoctlFlags.None, RemoteMap)
            .Define(DRM_IOCTL_QDA_REMOTE_MUNMAP, DrmIoctlFlags.None, RemoteMunmap)
            .Define(DRM_IOCTL_QDA_REMOTE_INVOKE, DrmIoctlFlags.None, RemoteInvoke);
    }

    /// <summary>Creates a QDA device (/dev/accel/accelN) for the DSP domain and context banks of <paramref name="options"/>.</summary>
    public static QdaDriver CreateDevice(SimulatedKernel kernel, QdaOptions? options = null)
    {
        var driver = new QdaDriver(options ?? new QdaOptions());
        DrmDevice.Create(kernel, driver);
        return driver;
    }

    public QdaOptions Options { get; }

    /// <summary>The DSP behind the device.</summary>
    public SimulatedDsp Dsp { get; }

    /// <summary>The device's compute context banks.</summary>
    public QdaContextBanks ContextBanks { get; private set; } = null!;

    /// <summary>
    /// Whether the DSP is up. A crash takes it down, fails every request in flight, and restarts it
    /// on the DSP's own thread; until that restart is done, callers that were failed can already
    /// run again and their sends get -ENODEV. Code that needs the restarted DSP waits for this.
    /// </summary>
    public bool IsDspUp => !Transport.IsDown;

    /// <summary>Requests sent and neither answered nor failed yet.</summary>
    public int MessagesInFlight => Transport.InFlight;

    internal QdaTransport Transport { get; private set; } = null!;

    public override string Name => "qda";
    public override string Description => "Qualcomm DSP Accelerator";
    public override int Major => 1;
    public override int Minor => 0;
    public override DrmDriverFeatures Features => DrmDriverFeatures.Gem | DrmDriverFeatures.ComputeAccel;
    public override IoctlTable<QdaFile, DrmIoctlFlags> Ioctls { get; }

    public override void Attach(DrmDevice device)
    {
        base.Attach(device);
        SimulatedKernel kernel = device.Kernel;
        _contextCounter = kernel.Counts.Counter(FastRpcContext.Contexts);
        ContextBanks = new QdaContextBanks(kernel, Options.ContextBanks, Options.FirstStreamId);
        Transport = new QdaTransport(kernel, LookupContext);
        kernel.Faults.Declare(DspCrash);
        kernel.Faults.Declare(SendFailure);
        kernel.Faults.Declare(SignalDuringWait);
        _host = new FirmwareHost(kernel, $"qda {Options.Domain}", Dsp, () => Device.IsUnplugged);
    }

    // qda_open: the session id is the device counter, pre-incremented (the first file gets 1).
    protected override int Open(DrmFile file, out QdaFile? state)
    {
        state = new QdaFile(file, Interlocked.Increment(ref _sessionCounter));
        return 0;
    }

    // qda_postclose: release the DSP process while the device is there, then the init memory and the context bank.
    protected override void Postclose(QdaFile state)
    {
        if (!Device.IsUnplugged && !Device.Kernel.IsShutDown)
        {
            _ = Invoke(FastRpcMethod.InitRelease, state, caller: null, state.File.Pid, ReleaseArguments(state));
        }

        lock (state.Lock)
        {
            state.InitMemory?.Put();
            state.InitMemory = null;
        }

        ContextBanks.Release(state);
    }

    /// <summary>
    /// A subsystem restart: the DSP goes down (every request in flight fails with -EPIPE, sends fail
    /// with -ENODEV meanwhile), loses its processes and maps, and comes back.
    /// </summary>
    public void RestartDsp()
    {
        Device.Kernel.Trace($"qda {Options.Domain}: subsystem restart");
        Transport.Down(-EPIPE);
        Dsp.Reset();
        Transport.Up();
    }

    // qda_ioctl_query: the domain name, NUL-terminated, at most 15 characters; never fails.
    private int Query(QdaFile file, SimulatedProcess caller, ref drm_qda_query query)
    {
        Span<byte> name = query.dsp_name;
        name.Clear();
        int length = Math.Min(Options.Domain.Length, name.Length - 1);
        System.Text.Encoding.ASCII.GetBytes(Options.Domain.AsSpan(0, length), name);
        return 0;
    }

    // ---- invocation contexts (the device's ctx xarray) ----

    private FastRpcContext? LookupContext(uint id)
    {
        lock (_contexts)
        {
            return _contexts.Get(id);
        }
    }

    private uint AddContext(FastRpcContext context)
    {
        lock (_contexts)
        {
            return _contexts.Add(context);
        }
    }

    private void RemoveContext(FastRpcContext context)
    {
        lock (_contexts)
        {
            if (ReferenceEquals(_contexts.Get(context.Id), context))
            {
                _contexts.Remove(context.Id);
            }
        }
    }
}
