using AccelInterop.Runtime.Devices;
using AccelInterop.Runtime.Errors;
using AccelInterop.Runtime.Ioctl;
using AccelInterop.Simulation.Drm;
using AccelInterop.Simulation.Kernel;
using static AccelInterop.Simulation.Tests.Drm.DrmRig;

namespace AccelInterop.Simulation.Tests.Drm;

/// <summary>drm-core.md §1.5 (drm_ioctl_permit) and the nodes a device gets.</summary>
public sealed class DrmIoctlPermissionTests
{
    private static Errno Call(DeviceFile file, byte number)
    {
        byte[] buffer = new byte[8];
        return file.Ioctl(Command(IoctlDirection.ReadWrite, number, 8), buffer).Error;
    }

    [Fact]
    public void Accel_drivers_get_an_accel_node_and_render_drivers_a_card_and_render_node()
    {
        var accel = new DrmRig();
        Assert.Equal(["/dev/accel/accel0", "/dev/null", "/dev/zero"], accel.Kernel.DeviceNodes); // the kernel's own /dev/null and /dev/zero beside
        DrmDevice second = DrmDevice.Create(accel.Kernel, accel.Driver, accel.Driver.CoreIoctls);
        Assert.Equal("/dev/accel/accel1", Assert.Single(second.Minors).Path);

        var render = new DrmRig(DrmDriverFeatures.Gem | DrmDriverFeatures.Render);
        Assert.Equal(["/dev/dri/card0", "/dev/dri/renderD128", "/dev/null", "/dev/zero"], render.Kernel.DeviceNodes);
    }

    [Fact]
    public void Spec1_5_render_nodes_refuse_ioctls_without_render_allow()
    {
        var rig = new DrmRig(DrmDriverFeatures.Gem | DrmDriverFeatures.Render);
        using DeviceFile render = rig.Open(rig.Kernel.CreateProcess(), "/dev/dri/renderD128");

        Assert.Equal(Errno.EACCES, Call(render, TestDrmDriver.NotForRender));
        Assert.Equal(Errno.EACCES, Call(render, TestDrmDriver.AuthOnly)); // auth passes for render clients, render-allow does not
        Assert.Equal(Errno.None, Call(render, TestDrmDriver.Echo));
    }

    [Fact]
    public void Spec1_5_auth_ioctls_on_accel_need_a_file_opened_with_cap_sys_admin()
    {
        var rig = new DrmRig();
        using DeviceFile user = rig.Open(rig.Kernel.CreateProcess("user"));
        using DeviceFile admin = rig.Open(rig.Kernel.CreateProcess("admin", hasSysAdmin: true));

        Assert.Equal(Errno.EACCES, Call(user, TestDrmDriver.AuthOnly));
        Assert.Equal(Errno.None, Call(admin, TestDrmDriver.AuthOnly));
        Assert.Equal(Errno.None, Call(user, TestDrmDriver.NotForRender)); // accel files are not render clients
    }

    [Fact]
    public void Spec1_5_root_only_checks_the_caller_not_the_opener()
    {
        var rig = new DrmRig();
        SimulatedProcess admin = rig.Kernel.CreateProcess("admin", hasSysAdmin: true);
        SimulatedProcess user = rig.Kernel.CreateProcess("user");
        using DeviceFile adminFile = rig.Open(admin);
        int passed = admin.SendFileDescriptor(adminFile.Handle.Fd, user).Value;
        using var userFile = new DeviceFile(new SafeFileDescriptor(user, passed));

        Assert.Equal(Errno.None, Call(adminFile, TestDrmDriver.RootOnly));
        Assert.Equal(Errno.EACCES, Call(userFile, TestDrmDriver.RootOnly));
        Assert.Equal(Errno.None, Call(userFile, TestDrmDriver.AuthOnly)); // the file itself is authenticated
    }

    [Fact]
    public void Spec1_5_master_ioctls_need_the_current_master()
    {
        var rig = new DrmRig(DrmDriverFeatures.Gem | DrmDriverFeatures.Render);
        DeviceFile first = rig.Open(rig.Kernel.CreateProcess(), "/dev/dri/card0");
        using DeviceFile second = rig.Open(rig.Kernel.CreateProcess(), "/dev/dri/card0");

        Assert.Equal(Errno.None, Call(first, TestDrmDriver.MasterOnly));
        Assert.Equal(Errno.EACCES, Call(second, TestDrmDriver.MasterOnly));

        first.Dispose();
        using DeviceFile third = rig.Open(rig.Kernel.CreateProcess(), "/dev/dri/card0");
        Assert.Equal(Errno.None, Call(third, TestDrmDriver.MasterOnly));

        var accel = new DrmRig();
        using DeviceFile accelFile = accel.Open(accel.Kernel.CreateProcess("admin", hasSysAdmin: true));
        Assert.Equal(Errno.EACCES, Call(accelFile, TestDrmDriver.MasterOnly));
    }

    [Fact]
    public void Spec1_6_a_refused_call_still_copies_the_out_part_back()
    {
        // drm_ioctl copies the OUT part after drm_ioctl_kernel whatever it returned: the
        // caller's own bytes come back unchanged.
        var rig = new DrmRig();
        using DeviceFile user = rig.Open(rig.Kernel.CreateProcess("user"));
        byte[] buffer = Numbered(8);

        Assert.Equal(Errno.EACCES, user.Ioctl(Command(IoctlDirection.ReadWrite, TestDrmDriver.AuthOnly, 8), buffer).Error);
        Assert.Equal(Numbered(8), buffer);
        Assert.Equal(0, rig.Driver.Calls);
    }
}
