using AccelInterop.Runtime.Devices;
using AccelInterop.Runtime.Errors;
using AccelInterop.Runtime.Ioctl;
using AccelInterop.Simulation.Drm;
using AccelInterop.Simulation.Kernel;
using AccelInterop.Simulation.Tests.Drm;
using static AccelInterop.Simulation.Tests.Drm.DrmRig;

namespace AccelInterop.Simulation.Tests.Kernel;

/// <summary>Descriptor tables, passing descriptors between processes, mappings and exit.</summary>
public sealed class SimulatedProcessTests
{
    private readonly DrmRig _rig = new();

    private static ulong Echo => Command(IoctlDirection.ReadWrite, TestDrmDriver.Echo, 16);

    [Fact]
    public void Opening_a_missing_node_is_enoent()
    {
        SimulatedProcess process = _rig.Kernel.CreateProcess();
        Assert.Equal(Errno.ENOENT, process.Open("/dev/accel/accel9", OpenFlags.ReadWrite).Error);
    }

    [Fact]
    public void The_lowest_free_descriptor_is_taken_first()
    {
        SimulatedProcess process = _rig.Kernel.CreateProcess();
        int[] fds = [.. Enumerable.Range(0, 3).Select(_ => process.Open(_rig.AccelPath, OpenFlags.ReadWrite).Value)];
        Assert.Equal([0, 1, 2], fds);

        Assert.True(process.Close(1).IsSuccess);
        Assert.Equal(1, process.Open(_rig.AccelPath, OpenFlags.ReadWrite).Value);
        Assert.Equal(3, process.Open(_rig.AccelPath, OpenFlags.ReadWrite).Value);
    }

    [Fact]
    public void A_full_descriptor_table_is_emfile_before_the_driver_is_asked()
    {
        SimulatedProcess process = _rig.Kernel.CreateProcess(descriptorLimit: 20);
        for (int i = 0; i < 20; i++)
        {
            Assert.Equal(i, process.Open(_rig.AccelPath, OpenFlags.ReadWrite).Value);
        }

        Assert.Equal(Errno.EMFILE, process.Open(_rig.AccelPath, OpenFlags.ReadWrite).Error);
        Assert.Equal(Errno.EMFILE, process.Dup(0).Error);
        SimulatedProcess sender = _rig.Kernel.CreateProcess();
        int fd = sender.Open(_rig.AccelPath, OpenFlags.ReadWrite).Value;
        Assert.Equal(Errno.EMFILE, sender.SendFileDescriptor(fd, process).Error);

        Assert.Equal(21, _rig.Driver.Opens);
        Assert.True(sender.Close(fd).IsSuccess);
        Assert.Equal(1, _rig.Driver.Postcloses); // the refused pass left no reference behind
        Assert.True(process.Close(7).IsSuccess);
        Assert.Equal(7, process.Open(_rig.AccelPath, OpenFlags.ReadWrite).Value);
    }

    [Fact]
    public unsafe void Closed_and_unknown_descriptors_are_ebadf()
    {
        SimulatedProcess process = _rig.Kernel.CreateProcess();
        int fd = process.Open(_rig.AccelPath, OpenFlags.ReadWrite).Value;
        Assert.True(process.Close(fd).IsSuccess);

        Assert.Equal(Errno.EBADF, process.Close(fd).Error);
        Assert.Equal(Errno.EBADF, process.Ioctl(fd, Echo, null).Error);
        Assert.Equal(Errno.EBADF, process.Ioctl(-1, Echo, null).Error);
        Assert.Equal(Errno.EBADF, process.Mmap(0, 4096, MemoryProtection.ReadWrite, MapFlags.Shared, 99, 0).Error);
        Assert.Equal(Errno.EBADF, process.SendFileDescriptor(fd, _rig.Kernel.CreateProcess()).Error);
    }

    [Fact]
    public void Dup_shares_the_open_file()
    {
        SimulatedProcess process = _rig.Kernel.CreateProcess();
        int fd = process.Open(_rig.AccelPath, OpenFlags.ReadWrite).Value;
        int copy = process.Dup(fd).Value;

        using var first = new DeviceFile(new SafeFileDescriptor(process, fd));
        using var second = new DeviceFile(new SafeFileDescriptor(process, copy));
        first.Ioctl(Echo, new byte[16]);
        DrmFile? viaFirst = _rig.Driver.LastFile;
        first.Dispose();
        second.Ioctl(Echo, new byte[16]);

        Assert.Same(viaFirst, _rig.Driver.LastFile);
        Assert.Equal(1, _rig.Driver.Opens);
        Assert.Equal(0, _rig.Driver.Postcloses);
    }

    [Fact]
    public void A_passed_descriptor_reaches_the_same_drm_file_and_outlives_the_sender()
    {
        SimulatedProcess sender = _rig.Kernel.CreateProcess("sender");
        SimulatedProcess receiver = _rig.Kernel.CreateProcess("receiver");
        receiver.Open(_rig.AccelPath, OpenFlags.ReadWrite); // fd 0 taken in the receiver
        DeviceFile sent = _rig.Open(sender);
        sent.Ioctl(Echo, new byte[16]);
        DrmFile? original = _rig.Driver.LastFile;

        int received = sender.SendFileDescriptor(sent.Handle.Fd, receiver).Value;
        Assert.Equal(1, received);
        sent.Dispose();

        using (var file = new DeviceFile(new SafeFileDescriptor(receiver, received)))
        {
            Assert.True(file.Ioctl(Echo, new byte[16]).IsSuccess);
            Assert.Same(original, _rig.Driver.LastFile);
            Assert.Same(receiver, _rig.Driver.LastCaller);
            Assert.Equal(0, _rig.Driver.Postcloses);
        }

        Assert.Equal(1, _rig.Driver.Postcloses);
        Assert.Equal(1, _rig.Device.OpenFiles); // the receiver's own fd 0
    }

    [Fact]
    public void A_mapping_keeps_the_file_open_until_unmapped()
    {
        SimulatedProcess process = _rig.Kernel.CreateProcess();
        DeviceFile file = _rig.Open(process);
        MappedRegion region = file.Map(8192, 0x1_0000_0000).Value;
        region.Span.Fill(0x5A);
        file.Dispose();

        Assert.Equal(0, _rig.Driver.Postcloses); // the VMA holds the struct file
        Assert.Equal(1, process.MappingCount);
        Assert.Equal(0x5A, region.Span[8191]);

        region.Dispose();
        Assert.Equal(1, _rig.Driver.Postcloses);
        Assert.Equal(0, process.MappingCount);
        Assert.Equal(0, _rig.Driver.LiveMappings);
    }

    [Fact]
    public void Mmap_argument_rules()
    {
        SimulatedProcess process = _rig.Kernel.CreateProcess();
        using DeviceFile file = _rig.Open(process);

        Assert.Equal(Errno.EINVAL, file.Map(0, 0x1_0000_0000).Error);          // zero length
        Assert.Equal(Errno.EINVAL, file.Map(4096, 0x1_0000_0001).Error);       // unaligned offset
        Assert.Equal(Errno.EINVAL, file.Map(4096, 0x2_0000_0000).Error);       // nothing at the offset (driver)
        Assert.Equal(Errno.EINVAL, file.Map(4096, 0x1_0000_0000, flags: MapFlags.Shared | MapFlags.Fixed).Error);
        Assert.Equal(0, process.MappingCount);
    }

    [Fact]
    public void Exit_closes_every_descriptor_and_mapping()
    {
        SimulatedProcess process = _rig.Kernel.CreateProcess();
        DeviceFile a = _rig.Open(process);
        _rig.Open(process);
        MappedRegion region = a.Map(4096, 0x1_0000_0000).Value;

        process.Exit();

        Assert.Equal(0, process.OpenDescriptorCount);
        Assert.Equal(0, process.MappingCount);
        Assert.Equal(0, _rig.Device.OpenFiles);
        Assert.Equal(2, _rig.Driver.Postcloses);
        Assert.Equal(0, _rig.Driver.LiveMappings);
        Assert.DoesNotContain(process, _rig.Kernel.Processes);
        Assert.Equal(Errno.ESRCH, process.Open(_rig.AccelPath, OpenFlags.ReadWrite).Error);
        GC.KeepAlive(region);
    }

    [Fact]
    public void Poll_reports_invalid_descriptors_and_times_out_on_quiet_files()
    {
        SimulatedProcess process = _rig.Kernel.CreateProcess();
        using DeviceFile file = _rig.Open(process);
        Span<PollFd> fds = [new PollFd(file.Handle.Fd, PollEvents.In), new PollFd(42, PollEvents.In), new PollFd(-1, PollEvents.In)];

        Assert.Equal(1, process.Poll(fds, 10).Value);
        Assert.Equal(PollEvents.None, fds[0].ReturnedEvents);
        Assert.Equal(PollEvents.Invalid, fds[1].ReturnedEvents);
        Assert.Equal(PollEvents.None, fds[2].ReturnedEvents);

        Assert.Equal(PollEvents.None, file.Poll(PollEvents.In, 10).Value);
    }

    [Fact]
    public void A_file_reference_from_GetFile_keeps_the_file_until_the_caller_puts_it()
    {
        SimulatedProcess process = _rig.Kernel.CreateProcess();
        int fd = process.Open(_rig.AccelPath, OpenFlags.ReadWrite).Value;
        OpenFile file = process.GetFile(fd)!;
        Assert.True(process.Close(fd).IsSuccess);

        Assert.Equal(0, _rig.Driver.Postcloses); // held by the reference
        Assert.Equal(1, file.ReferenceCount);
        file.Put();
        Assert.True(file.IsReleased);
        Assert.Equal(1, _rig.Driver.Postcloses);
        Assert.Null(process.GetFile(fd));
    }
}
