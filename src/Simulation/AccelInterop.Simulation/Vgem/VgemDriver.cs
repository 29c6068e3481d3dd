using AccelInterop.Simulation.DmaBufs;
using AccelInterop.Simulation.Drm;
using AccelInterop.Simulation.Kernel;
using AccelInterop.Simulation.Uapi.Dmabuf;
using static AccelInterop.Runtime.Errors.Errno;
using static AccelInterop.Simulation.Uapi.Dmabuf.Dmabuf;

namespace AccelInterop.Simulation.Vgem;

/// <summary>
/// vgem (<c>drivers/gpu/drm/vgem/</c>), the virtual GEM provider: a render-capable DRM driver
/// without hardware whose objects are shmem-backed dumb buffers, shared by PRIME, with two ioctls
/// that put fences into an object's reservation object and signal them (<c>drm/vgem_drm.h</c>).
/// </summary>
public sealed class VgemDriver : DrmDriver<VgemFile>
{
    private const DrmIoctlFlags R = DrmIoctlFlags.RenderAllow;
    private VgemFenceTimers _timers = null!;

    private VgemDriver() => Ioctls = DrmIoctlTable.Create<VgemFile>()
        .Define(DRM_IOCTL_VGEM_FENCE_ATTACH, R, FenceAttach)
        .Define(DRM_IOCTL_VGEM_FENCE_SIGNAL, R, FenceSignal);

    /// <summary>Creates a vgem device (/dev/dri/cardN and renderD(128+N), the lowest free N) in <paramref name="kernel"/>.</summary>
    public static VgemDriver CreateDevice(SimulatedKernel kernel)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        var driver = new VgemDriver();
        DrmDevice.Create(kernel, driver);
        return driver;
    }

    public override string Name => "vgem";
    public override string Description => "Virtual GEM provider";
    public override int Major => 1;
    public override int Minor => 0;
    public override DrmDriverFeatures Features => DrmDriverFeatures.Gem | DrmDriverFeatures.Render;
    public override IoctlTable<VgemFile, DrmIoctlFlags> Ioctls { get; }
    public override bool HasDumbCreate => true;

    public override void Attach(DrmDevice device)
    {
        base.Attach(device);
        _timers = new VgemFenceTimers(device.Kernel);
        device.Kernel.AddFirmware(_timers);
    }

    protected internal override GemObject CreateDumbObject(DrmFile file, ulong size) => new(file.Device, size);

    protected override int Open(DrmFile file, out VgemFile? state)
    {
        state = new VgemFile(file);
        return 0;
    }

    // vgem_fence_close: every fence still recorded is signalled and dropped.
    protected override void Postclose(VgemFile state)
    {
        foreach (KeyValuePair<uint, VgemFile.FenceSlot> entry in state.Fences.RemoveAll())
        {
            if (entry.Value.Fence is VgemFence fence)
            {
                fence.Signal();
                fence.Put();
            }
        }

        _timers.Step();
    }

    // vgem_fence_attach_ioctl: flags, pad, the object, a new fence; a conflicting unsignalled fence is -EBUSY.
    private int FenceAttach(VgemFile file, SimulatedProcess caller, ref drm_vgem_fence_attach arg)
    {
        if ((arg.flags & ~(uint)VGEM_FENCE_WRITE) != 0 || arg.pad != 0)
        {
            return -EINVAL;
        }

        GemObject? gem = file.File.LookupObject(arg.handle);
        if (gem is null)
        {
            return -ENOENT;
        }

        try
        {
            if (Device.Kernel.Faults.ShouldFail(FaultPoint.AllocationFailure))
            {
                return -ENOMEM;
            }

            bool write = (arg.flags & VGEM_FENCE_WRITE) != 0;
            var fence = new VgemFence(Device.Kernel.Counts, Device.Kernel.MonotonicNanoseconds + VgemFence.Timeout);
            _timers.Arm(fence);
            if (!gem.Resv.TestSignaled(DmaResv.UsageFor(write)))
            {
                fence.Signal();
                fence.Put();
                return -EBUSY;
            }

            gem.Resv.AddFence(fence, write ? DmaResvUsage.Write : DmaResvUsage.Read);
            arg.out_fence = file.Fences.Add(new VgemFile.FenceSlot(fence)); // the IDR keeps the creation reference
            return 0;
        }
        finally
        {
            gem.Put();
        }
    }

    // vgem_fence_signal_ioctl: flags must be 0; an unknown or already-signalled-through-here id -ENOENT;
    // a fence its timer already signalled -ETIMEDOUT (and it is consumed all the same).
    private int FenceSignal(VgemFile file, SimulatedProcess caller, ref drm_vgem_fence_signal arg)
    {
        if (arg.flags != 0)
        {
            return -EINVAL;
        }

        VgemFence? fence;
        lock (file.Fences)
        {
            VgemFile.FenceSlot? slot = file.Fences.Get(arg.fence);
            fence = slot?.Fence;
            if (slot is not null)
            {
                slot.Fence = null;
            }
        }

        if (fence is null)
        {
            return -ENOENT;
        }

        int r = fence.IsSignaled ? -ETIMEDOUT : 0;
        fence.Signal();
        fence.Put();
        _timers.Step();
        Device.Kernel.FenceWakeup.WakeUpAll();
        return r;
    }
}
