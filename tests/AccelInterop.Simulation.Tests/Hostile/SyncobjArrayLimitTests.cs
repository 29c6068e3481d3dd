using System.Runtime.InteropServices;
using AccelInterop.Runtime.Errors;
using AccelInterop.Simulation.Tests.Amdxdna;
using AccelInterop.Simulation.Tests.Uapi.Drm;
using static AccelInterop.Simulation.Tests.Uapi.Drm.Drm;

namespace AccelInterop.Simulation.Tests.Hostile;

/// <summary>
/// Issue 12 item 1: the syncobj array copies answer -ENOMEM where the kernel's kmalloc would fail
/// (drm_syncobj.c:drm_syncobj_array_find, drm_syncobj_array_wait_timeout), before allocating.
/// The limits follow from KMALLOC_MAX_SIZE = 4 MiB (MAX_PAGE_ORDER 10, 4 KiB pages) and the
/// element sizes on a 64-bit kernel: handles 4 bytes, syncobj pointers 8, wait entries 64.
/// </summary>
public sealed class SyncobjArrayLimitTests
{
    private const uint HandlesThatFit = 4 << 20 >> 2;       // 0x100000 u32 handles = 4 MiB
    private const uint PointersThatFit = 4 << 20 >> 3;      // 0x80000 syncobj pointers
    private const uint WaitEntriesThatFit = 4 << 20 >> 6;   // 0x10000 syncobj_wait_entry

    [Theory]
    [InlineData(0x20000000u)] // 4 * count overflowed the simulation's int (OverflowException)
    [InlineData(0x10000000u)] // 1 GiB rented into the shared pool
    [InlineData(HandlesThatFit + 1)]
    public void Syncobj_array_copy_of_a_count_past_kmalloc_max_is_enomem_before_allocating(uint count)
    {
        using var rig = new NpuRig();
        ulong handles = rig.Pin(new byte[4]);
        ulong points = rig.Pin(new byte[8]);
        long before = GC.GetAllocatedBytesForCurrentThread();

        var wait = new drm_syncobj_wait { handles = handles, count_handles = count };
        Assert.Equal(Errno.ENOMEM, rig.File.Ioctl(DRM_IOCTL_SYNCOBJ_WAIT, ref wait).Error);
        var array = new drm_syncobj_array { handles = handles, count_handles = count };
        Assert.Equal(Errno.ENOMEM, rig.File.Ioctl(DRM_IOCTL_SYNCOBJ_RESET, ref array).Error);
        Assert.Equal(Errno.ENOMEM, rig.File.Ioctl(DRM_IOCTL_SYNCOBJ_SIGNAL, ref array).Error);
        var timelineWait = new drm_syncobj_timeline_wait { handles = handles, points = points, count_handles = count };
        Assert.Equal(Errno.ENOMEM, rig.File.Ioctl(DRM_IOCTL_SYNCOBJ_TIMELINE_WAIT, ref timelineWait).Error);
        var timeline = new drm_syncobj_timeline_array { handles = handles, points = points, count_handles = count };
        Assert.Equal(Errno.ENOMEM, rig.File.Ioctl(DRM_IOCTL_SYNCOBJ_QUERY, ref timeline).Error);
        Assert.Equal(Errno.ENOMEM, rig.File.Ioctl(DRM_IOCTL_SYNCOBJ_TIMELINE_SIGNAL, ref timeline).Error);

        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 64 << 10, "nothing sized by the count was allocated");
    }

    [Fact]
    public void Syncobj_array_copy_of_exactly_kmalloc_max_handles_gets_to_the_copy_and_faults()
    {
        using var rig = new NpuRig();
        var array = new drm_syncobj_array { handles = rig.Pin(new byte[4]), count_handles = HandlesThatFit };
        Assert.Equal(Errno.EFAULT, rig.File.Ioctl(DRM_IOCTL_SYNCOBJ_RESET, ref array).Error);
    }

    [Fact]
    public void Syncobj_array_copy_checks_the_pointer_array_after_the_copy()
    {
        using var rig = new NpuRig();
        uint handle = CreateSignaled(rig);

        // The handles fit (2 MiB) and copy; the syncobj pointer array (8 bytes each) does not.
        Assert.Equal(Errno.ENOMEM, Reset(rig, Repeat(handle, PointersThatFit + 1)));
        Assert.Equal(Errno.None, Reset(rig, Repeat(handle, PointersThatFit)));
    }

    [Fact]
    public void Syncobj_wait_checks_its_wait_entries_after_the_lookup()
    {
        using var rig = new NpuRig();
        uint handle = CreateSignaled(rig);

        Assert.Equal(Errno.ENOMEM, Wait(rig, Repeat(handle, WaitEntriesThatFit + 1)));
        Assert.Equal(Errno.None, Reset(rig, Repeat(handle, WaitEntriesThatFit + 1))); // RESET has no wait entries
        CreateSignaled(rig, handle);
        Assert.Equal(Errno.None, Wait(rig, Repeat(handle, WaitEntriesThatFit)));
    }

    private static uint CreateSignaled(NpuRig rig, uint existing = 0)
    {
        if (existing != 0)
        {
            var signal = new drm_syncobj_array { handles = rig.Pin(BitConverter.GetBytes(existing)), count_handles = 1 };
            rig.File.IoctlOrThrow(DRM_IOCTL_SYNCOBJ_SIGNAL, ref signal);
            return existing;
        }

        var create = new drm_syncobj_create { flags = DRM_SYNCOBJ_CREATE_SIGNALED };
        rig.File.IoctlOrThrow(DRM_IOCTL_SYNCOBJ_CREATE, ref create);
        return create.handle;
    }

    private static byte[] Repeat(uint handle, uint count)
    {
        var handles = new uint[count];
        handles.AsSpan().Fill(handle);
        return MemoryMarshal.AsBytes(handles.AsSpan()).ToArray();
    }

    private static Errno Reset(NpuRig rig, byte[] handles)
    {
        var array = new drm_syncobj_array { handles = rig.Pin(handles), count_handles = (uint)(handles.Length / 4) };
        return rig.File.Ioctl(DRM_IOCTL_SYNCOBJ_RESET, ref array).Error;
    }

    private static Errno Wait(NpuRig rig, byte[] handles)
    {
        var wait = new drm_syncobj_wait { handles = rig.Pin(handles), count_handles = (uint)(handles.Length / 4) };
        return rig.File.Ioctl(DRM_IOCTL_SYNCOBJ_WAIT, ref wait).Error;
    }
}
