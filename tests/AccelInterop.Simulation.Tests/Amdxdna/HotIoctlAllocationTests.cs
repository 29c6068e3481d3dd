using AccelInterop.Simulation.Tests.Uapi.Drm;
using static AccelInterop.Simulation.Tests.Uapi.Drm.Drm;

namespace AccelInterop.Simulation.Tests.Amdxdna;

/// <summary>
/// Issue 12: the ioctls a program calls in a loop allocate nothing per call on the managed heap,
/// through the generated request properties and <c>DeviceFile</c>, as a user calls them.
/// </summary>
public sealed class HotIoctlAllocationTests
{
    private const int Calls = 10_000;

    [Fact]
    public void Drm_ioctl_version_allocates_nothing_per_call_with_zero_lengths_and_with_buffers()
    {
        using var rig = new NpuRig();
        ulong name = rig.Pin(new byte[32]), date = rig.Pin(new byte[32]), desc = rig.Pin(new byte[64]);
        Assert.Equal(0, AllocatedPerLoop(() =>
        {
            var empty = new drm_version();
            rig.File.IoctlOrThrow(DRM_IOCTL_VERSION, ref empty);
            var full = new drm_version { name = (nuint)name, name_len = 32, date = (nuint)date, date_len = 32, desc = (nuint)desc, desc_len = 64 };
            rig.File.IoctlOrThrow(DRM_IOCTL_VERSION, ref full);
        }));
    }

    [Fact]
    public void Get_cap_allocates_nothing_per_call()
    {
        using var rig = new NpuRig();
        Assert.Equal(0, AllocatedPerLoop(() =>
        {
            var cap = new drm_get_cap { capability = DRM_CAP_SYNCOBJ_TIMELINE };
            rig.File.IoctlOrThrow(DRM_IOCTL_GET_CAP, ref cap);
        }));
    }

    [Fact]
    public void Syncobj_wait_on_a_signalled_syncobj_allocates_nothing_per_call()
    {
        using var rig = new NpuRig();
        var create = new drm_syncobj_create { flags = DRM_SYNCOBJ_CREATE_SIGNALED };
        rig.File.IoctlOrThrow(DRM_IOCTL_SYNCOBJ_CREATE, ref create);
        ulong handles = rig.Pin(BitConverter.GetBytes(create.handle));
        Assert.Equal(0, AllocatedPerLoop(() =>
        {
            var wait = new drm_syncobj_wait { handles = handles, count_handles = 1, timeout_nsec = long.MaxValue };
            rig.File.IoctlOrThrow(DRM_IOCTL_SYNCOBJ_WAIT, ref wait);
        }));
    }

    /// <summary>Bytes allocated by <see cref="Calls"/> calls after a warm-up call (JIT, first-use tables).</summary>
    private static long AllocatedPerLoop(Action call)
    {
        call();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < Calls; i++)
        {
            call();
        }

        return GC.GetAllocatedBytesForCurrentThread() - before;
    }
}
