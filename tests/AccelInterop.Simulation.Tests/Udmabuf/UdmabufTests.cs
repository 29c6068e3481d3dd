using System.Runtime.InteropServices;
using AccelInterop.Runtime.Devices;
using AccelInterop.Runtime.Errors;
using AccelInterop.Simulation.DmaBufs;
using AccelInterop.Simulation.Kernel;
using AccelInterop.Simulation.Mem;
using AccelInterop.Simulation.Tests.DmaBufs;
using AccelInterop.Simulation.Tests.Uapi.Dmabuf;
using AccelInterop.Simulation.Udmabuf;
using static AccelInterop.Simulation.Tests.Uapi.Dmabuf.Dmabuf;

namespace AccelInterop.Simulation.Tests.Udmabuf;

/// <summary>/dev/udmabuf (drivers/dma-buf/udmabuf.c) over simulated memfds (mm/memfd.c), through the generated udmabuf.h bindings.</summary>
public sealed unsafe class UdmabufTests
{
    private static SysResult Create(DeviceFile udmabuf, int memfd, ulong offset, ulong size, uint flags = 0)
    {
        var create = new udmabuf_create { memfd = (uint)memfd, offset = offset, size = size, flags = flags };
        return udmabuf.Ioctl(UDMABUF_CREATE, ref create);
    }

    [Fact]
    public void Create_returns_a_dma_buf_fd_over_the_memfd_pages()
    {
        using var rig = new ExporterRig();
        int memfd = rig.Memfd(3 * 4096);
        using DeviceFile udmabuf = DeviceFile.Open(rig.Process, UdmabufDevice.Path).Value;
        int fd = Create(udmabuf, memfd, 4096, 8192, (uint)UDMABUF_FLAGS_CLOEXEC).ThrowIfError("UDMABUF_CREATE");
        using (DeviceFile buffer = rig.Wrap(fd))
        using (MappedRegion pages = rig.Borrow(memfd).Map(3 * 4096).Value)
        using (MappedRegion view = buffer.Map(8192).Value)
        {
            pages.Span[4096] = 0x11; // the udmabuf starts one page into the memfd
            pages.Span[3 * 4096 - 1] = 0x22;
            Assert.Equal(0x11, view.Span[0]);
            Assert.Equal(0x22, view.Span[8191]);
            Assert.Equal(Errno.EINVAL, buffer.Map(3 * 4096).Error);
            Assert.Equal(1, rig.Kernel.Counts[DmaBuf.DmaBufs]);
        }

        Assert.True(rig.Process.Close(memfd).IsSuccess);
        rig.Dispose();
        Assert.True(rig.Kernel.Counts.AllZero, rig.Kernel.Counts.ToString());
    }

    [Fact]
    public void Create_checks_alignment_and_size_first_then_each_memfd_with_the_kernel_errno()
    {
        using var rig = new ExporterRig();
        using DeviceFile udmabuf = DeviceFile.Open(rig.Process, UdmabufDevice.Path).Value;
        int memfd = rig.Memfd(8192);

        // udmabuf_create: page alignment of offset and size, the size limit, a non-empty buffer (-EINVAL)...
        Assert.Equal(Errno.EINVAL, Create(udmabuf, memfd, 100, 4096).Error);
        Assert.Equal(Errno.EINVAL, Create(udmabuf, memfd, 0, 100).Error);
        Assert.Equal(Errno.EINVAL, Create(udmabuf, memfd, 0, 0).Error);
        Assert.Equal(Errno.EINVAL, Create(udmabuf, memfd, 0, (64UL << 20) + 4096).Error);
        Assert.Equal(Errno.EINVAL, Create(udmabuf, 999, 0, (64UL << 20) + 4096).Error); // the size is checked before the memfd

        // ...then the memfd: no file or not a memfd (-EBADFD), seals (-EINVAL), the range within its size (-EINVAL).
        Assert.Equal(Errno.EBADFD, Create(udmabuf, 999, 0, 4096).Error);
        using (DeviceFile devNull = DeviceFile.Open(rig.Process, "/dev/null").Value)
        {
            Assert.Equal(Errno.EBADFD, Create(udmabuf, devNull.Handle.Fd, 0, 4096).Error);
        }

        Assert.Equal(Errno.EINVAL, Create(udmabuf, rig.Memfd(8192, MemfdSeals.None), 0, 4096).Error);           // F_SEAL_SHRINK wanted
        Assert.Equal(Errno.EINVAL, Create(udmabuf, rig.Memfd(8192, MemfdSeals.Shrink | MemfdSeals.Write), 0, 4096).Error);
        Assert.Equal(Errno.EINVAL, Create(udmabuf, rig.Memfd(8192, MemfdSeals.Shrink | MemfdSeals.FutureWrite), 0, 4096).Error);
        Assert.Equal(Errno.EINVAL, Create(udmabuf, memfd, 4096, 8192).Error); // memfd_pin_folios: end >= i_size
        Assert.Equal(Errno.EINVAL, Create(udmabuf, memfd, 1UL << 63, 4096).Error); // a negative loff_t start

        int unsealable = rig.Process.MemfdCreate("plain").Value; // without MFD_ALLOW_SEALING: sealed with F_SEAL_SEAL
        Assert.True(rig.Process.Truncate(unsealable, 4096).IsSuccess);
        Assert.Equal((int)MemfdSeals.Seal, rig.Process.GetSeals(unsealable).Value);
        Assert.Equal(Errno.EPERM, rig.Process.AddSeals(unsealable, MemfdSeals.Shrink).Error);
        Assert.Equal(Errno.EINVAL, Create(udmabuf, unsealable, 0, 4096).Error);
        Assert.Equal(0, rig.Kernel.Counts[DmaBuf.DmaBufs]);
    }

    [Fact]
    public void Create_list_limits_the_count_reads_head_and_list_from_user_memory_and_joins_the_ranges()
    {
        using var rig = new ExporterRig();
        using DeviceFile udmabuf = DeviceFile.Open(rig.Process, UdmabufDevice.Path).Value;
        int memfd = rig.Memfd(4 * 4096);
        int other = rig.Memfd(4096);

        Assert.Equal(Errno.EINVAL, CreateList(rig, udmabuf, 1025, []).Error); // list_limit, before the list is read
        Assert.Equal(Errno.EFAULT, udmabuf.Ioctl(UDMABUF_CREATE_LIST.Value, (void*)0x1000).Error);
        Assert.Equal(Errno.EFAULT, CreateList(rig, udmabuf, 2, [Item(memfd, 0, 4096)]).Error); // the second item is not readable
        Assert.Equal(Errno.EINVAL, CreateList(rig, udmabuf, 0, []).Error);

        // Two ranges that follow each other in one memfd.
        int fd = CreateList(rig, udmabuf, 2, [Item(memfd, 0, 4096), Item(memfd, 4096, 8192)]).ThrowIfError("CREATE_LIST");
        Assert.Equal(0, DmaBuf.Get(rig.Process, fd, out DmaBuf? joined));
        Assert.Equal(3 * 4096UL, joined!.Size);
        Assert.True(Assert.IsType<UdmabufBuffer>(joined.Exporter).IsContiguous);
        joined.File.Put();

        // Ranges of two memfds: the kernel maps them page by page; the simulation cannot map them at all.
        fd = CreateList(rig, udmabuf, 2, [Item(memfd, 0, 4096), Item(other, 0, 4096)]).ThrowIfError("CREATE_LIST");
        using DeviceFile scattered = rig.Wrap(fd);
        Assert.Equal(Errno.ENOMEM, scattered.Map(8192).Error);

        // A bad range later in the list unpins the earlier ones again.
        Assert.Equal(Errno.EBADFD, CreateList(rig, udmabuf, 2, [Item(memfd, 0, 4096), Item(999, 0, 4096)]).Error);
    }

    private static udmabuf_create_item Item(int memfd, ulong offset, ulong size) => new() { memfd = (uint)memfd, offset = offset, size = size };

    private static SysResult CreateList(ExporterRig rig, DeviceFile udmabuf, uint count, udmabuf_create_item[] items)
    {
        var head = new udmabuf_create_list { count = count };
        byte[] bytes = [.. MemoryMarshal.AsBytes(new ReadOnlySpan<udmabuf_create_list>(ref head)), .. MemoryMarshal.AsBytes(items.AsSpan())];
        using PinnedUserMemory pinned = rig.Process.Memory.Pin(bytes);
        return udmabuf.Ioctl(UDMABUF_CREATE_LIST.Value, (void*)pinned.Address);
    }

    [Fact]
    public void Pinned_pages_refuse_a_write_seal_until_the_udmabuf_is_gone_and_shrinking_stays_sealed()
    {
        using var rig = new ExporterRig();
        using DeviceFile udmabuf = DeviceFile.Open(rig.Process, UdmabufDevice.Path).Value;
        int memfd = rig.Memfd(8192);
        int fd = Create(udmabuf, memfd, 0, 8192).ThrowIfError("UDMABUF_CREATE");

        Assert.Equal(Errno.EBUSY, rig.Process.AddSeals(memfd, MemfdSeals.Write).Error); // memfd_wait_for_pins
        Assert.Equal(Errno.EPERM, rig.Process.Truncate(memfd, 4096).Error);             // F_SEAL_SHRINK
        Assert.True(rig.Process.Truncate(memfd, 3 * 4096).IsSuccess);
        Assert.True(rig.Process.Close(fd).IsSuccess);
        Assert.True(rig.Process.AddSeals(memfd, MemfdSeals.Write).IsSuccess);
        Assert.Equal((int)(MemfdSeals.Shrink | MemfdSeals.Write), rig.Process.GetSeals(memfd).Value);
        Assert.Equal(Errno.EINVAL, rig.Process.AddSeals(memfd, (MemfdSeals)0x40).Error);
    }

    [Fact]
    public void Other_commands_are_ENOTTY_and_a_short_create_argument_is_EFAULT()
    {
        using var rig = new ExporterRig();
        using DeviceFile udmabuf = DeviceFile.Open(rig.Process, UdmabufDevice.Path).Value;
        var sync = new dma_buf_sync();
        Assert.Equal(Errno.ENOTTY, udmabuf.Ioctl(DMA_BUF_IOCTL_SYNC, ref sync).Error);
        Assert.Equal(Errno.EFAULT, udmabuf.Ioctl(UDMABUF_CREATE.Value, (void*)0x10).Error);
        FileStatus status = udmabuf.Stat().Value;
        Assert.Equal(UdmabufDevice.MiscMajor, FileStatus.Major(status.SpecialDevice));
    }
}
