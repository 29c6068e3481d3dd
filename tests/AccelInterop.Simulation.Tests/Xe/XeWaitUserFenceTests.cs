using AccelInterop.Runtime.Errors;
using AccelInterop.Simulation.Kernel;
using AccelInterop.Simulation.Tests.Uapi.Xe;
using static AccelInterop.Simulation.Tests.Uapi.Xe.Xe;

namespace AccelInterop.Simulation.Tests.Xe;

/// <summary>WAIT_USER_FENCE (xe.md §10, xe_wait_user_fence.c): ops, mask, timeouts and the written-back remainder.</summary>
public sealed class XeWaitUserFenceTests
{
    [Theory]
    [InlineData(DRM_XE_UFENCE_WAIT_OP_EQ, 5UL, true)]
    [InlineData(DRM_XE_UFENCE_WAIT_OP_EQ, 6UL, false)]
    [InlineData(DRM_XE_UFENCE_WAIT_OP_NEQ, 6UL, true)]
    [InlineData(DRM_XE_UFENCE_WAIT_OP_GT, 4UL, true)]
    [InlineData(DRM_XE_UFENCE_WAIT_OP_GT, 5UL, false)]
    [InlineData(DRM_XE_UFENCE_WAIT_OP_GTE, 5UL, true)]
    [InlineData(DRM_XE_UFENCE_WAIT_OP_LT, 6UL, true)]
    [InlineData(DRM_XE_UFENCE_WAIT_OP_LT, 5UL, false)]
    [InlineData(DRM_XE_UFENCE_WAIT_OP_LTE, 5UL, true)]
    [InlineData(DRM_XE_UFENCE_WAIT_OP_GT, 0x8000_0000_0000_0000UL, false)] // unsigned: 5 is not above 2^63
    public void S10_ops_compare_unsigned_64_bit(ushort op, ulong value, bool passes)
    {
        using var rig = new XeRig();
        var memory = new ulong[] { 5 };
        ulong address = rig.Pin(memory);
        Assert.Equal(passes ? Errno.None : Errno.ETIME, rig.WaitUserFence(address, value, out long remaining, op, timeout: 0));
        Assert.Equal(0L, remaining); // timeout 0 stays 0
    }

    [Fact]
    public void S10_mask_selects_a_sub_field()
    {
        using var rig = new XeRig();
        ulong address = rig.Pin(new ulong[] { 0xAB_0000_0005 });
        Assert.Equal(Errno.None, rig.WaitUserFence(address, 5, out _, mask: 0xFFFF_FFFF, timeout: 0));
        Assert.Equal(Errno.ETIME, rig.WaitUserFence(address, 5, out _, timeout: 0));
    }

    [Fact]
    public void S10_argument_checks()
    {
        using var rig = new XeRig();
        ulong address = rig.Pin(new ulong[2]);
        Assert.Equal(Errno.EINVAL, rig.WaitUserFence(address + 4, 0, out _));
        Assert.Equal(Errno.EINVAL, rig.WaitUserFence(address, 0, out _, op: 6));
        Assert.Equal(Errno.EINVAL, rig.WaitUserFence(address, 0, out _, flags: 2));
        var pad = new drm_xe_wait_user_fence { addr = address, pad = 1 };
        Assert.Equal(Errno.EINVAL, rig.Call(DRM_IOCTL_XE_WAIT_USER_FENCE, ref pad));
        Assert.Equal(Errno.ENOENT, rig.WaitUserFence(address, 0, out _, queue: 3));
        Assert.Equal(Errno.EFAULT, rig.WaitUserFence(0x7000_0000_0000, 0, out _)); // nothing registered there
    }

    [Fact]
    public void S10_relative_timeout_expires_and_writes_back_zero_and_absolute_is_left_alone()
    {
        using var rig = new XeRig(options: new SimulationOptions { Seed = 1 });
        ulong address = rig.Pin(new ulong[1]);
        Assert.Equal(Errno.ETIME, rig.WaitUserFence(address, 1, out long remaining, timeout: 1_000_000));
        Assert.Equal(0L, remaining);
        long deadline = rig.Kernel.MonotonicNanoseconds + 2_000_000;
        Assert.Equal(Errno.ETIME, rig.WaitUserFence(address, 1, out remaining, timeout: deadline, flags: DRM_XE_UFENCE_WAIT_FLAG_ABSTIME));
        Assert.Equal(deadline, remaining);
        Assert.True(rig.Kernel.MonotonicNanoseconds >= deadline);
    }

    [Fact]
    public void S10_satisfied_wait_returns_the_unused_time_and_negative_means_forever()
    {
        using var rig = new XeRig();
        ulong address = rig.Pin(new ulong[] { 9 });
        Assert.Equal(Errno.None, rig.WaitUserFence(address, 9, out long remaining, timeout: 1_000_000_000));
        Assert.InRange(remaining, 1, 1_000_000_000);
        Assert.Equal(Errno.None, rig.WaitUserFence(address, 9, out remaining, timeout: -1));
        Assert.True(remaining > long.MaxValue / 2); // MAX_SCHEDULE_TIMEOUT minus the time spent
    }
}
