using AccelInterop.Runtime.Devices;
using AccelInterop.Runtime.Errors;
using AccelInterop.Simulation.Drm;
using AccelInterop.Simulation.Tests.Uapi.Drm;
using AccelInterop.Simulation.Tests.Uapi.Xe;
using AccelInterop.Simulation.Xe;
using static AccelInterop.Simulation.Tests.Uapi.Drm.Drm;
using static AccelInterop.Simulation.Tests.Uapi.Xe.Xe;

namespace AccelInterop.Simulation.Tests.Xe;

/// <summary>GEM_CREATE, GEM_MMAP_OFFSET, mmap, PRIME and the PCI barrier page (xe.md §3, §4; xe_bo.c, xe_device.c).</summary>
public sealed unsafe class XeBoTests
{
    private const ushort Wb = DRM_XE_GEM_CPU_CACHING_WB;
    private const ushort Wc = DRM_XE_GEM_CPU_CACHING_WC;

    private static Errno Create(XeRig rig, drm_xe_gem_create args) => rig.Call(DRM_IOCTL_XE_GEM_CREATE, ref args);

    [Fact]
    public void S3_gem_create_checks_in_kernel_order()
    {
        using var rig = new XeRig(XeConfiguration.Discrete);
        var good = new drm_xe_gem_create { size = 0x10000, placement = 1, cpu_caching = Wb };
        drm_xe_gem_create a = good;
        a.pad[1] = 1;
        a.placement = 0; // padding is looked at before the placement
        Assert.Equal(Errno.EINVAL, Create(rig, a));
        a = good;
        a.reserved[0] = 1;
        Assert.Equal(Errno.EINVAL, Create(rig, a));
        Assert.Equal(Errno.EINVAL, Create(rig, good with { placement = 0 }));
        Assert.Equal(Errno.EINVAL, Create(rig, good with { placement = 0b100 })); // no third region
        Assert.Equal(Errno.EINVAL, Create(rig, good with { flags = 0x10 }));
        Assert.Equal(Errno.EINVAL, Create(rig, good with { handle = 5 }));
        Assert.Equal(Errno.EINVAL, Create(rig, good with { size = 0 }));
        Assert.Equal(Errno.EINVAL, Create(rig, good with { size = 0x10001 }));
        Assert.Equal(Errno.EINVAL, Create(rig, good with { flags = DRM_XE_GEM_CREATE_FLAG_NEEDS_VISIBLE_VRAM })); // system only
        Assert.Equal(Errno.EINVAL, Create(rig, good with { cpu_caching = 0 }));
        Assert.Equal(Errno.EINVAL, Create(rig, good with { cpu_caching = 3 }));
        Assert.Equal(Errno.EINVAL, Create(rig, good with { placement = 0b10, cpu_caching = Wb })); // VRAM wants WC
        Assert.Equal(Errno.EINVAL, Create(rig, good with { flags = DRM_XE_GEM_CREATE_FLAG_SCANOUT, cpu_caching = Wb }));
        Assert.Equal(Errno.ENOENT, Create(rig, good with { vm_id = 9 }));
        Assert.Equal(Errno.None, Create(rig, good with { placement = 0b11, cpu_caching = Wc, flags = DRM_XE_GEM_CREATE_FLAG_NEEDS_VISIBLE_VRAM }));
        Assert.Equal(Errno.None, Create(rig, good with { flags = DRM_XE_GEM_CREATE_FLAG_NO_COMPRESSION })); // graphics 20
    }

    [Fact]
    public void S3_integrated_part_has_no_vram_region()
    {
        using var rig = new XeRig(XeConfiguration.Integrated);
        Assert.Equal(Errno.EINVAL, rig.CreateBo(out _, placement: 0b10, caching: Wc));
        Assert.Equal(Errno.None, rig.CreateBo(out uint handle));
        Assert.Equal(1u, handle); // GEM handles start at 1
    }

    [Fact]
    public void S3_vm_private_bo_cannot_be_exported_and_a_plain_one_round_trips()
    {
        using var rig = new XeRig();
        uint vm = rig.Vm();
        uint priv = rig.Bo(vm: vm);
        var prime = new drm_prime_handle { handle = priv, flags = DRM_CLOEXEC | DRM_RDWR };
        Assert.Equal(Errno.EPERM, rig.Call(DRM_IOCTL_PRIME_HANDLE_TO_FD, ref prime));

        uint plain = rig.Bo();
        prime = new drm_prime_handle { handle = plain, flags = DRM_CLOEXEC | DRM_RDWR };
        Assert.Equal(Errno.None, rig.Call(DRM_IOCTL_PRIME_HANDLE_TO_FD, ref prime));
        using DeviceFile other = rig.Open();
        var import = new drm_prime_handle { fd = prime.fd };
        Assert.Equal(Errno.None, rig.Call(DRM_IOCTL_PRIME_FD_TO_HANDLE, ref import, other));
        Assert.Equal(1u, import.handle); // self-import: the same object under a new file's first handle

        // The other file maps the same memory through its own offset lookup.
        MappedRegion mine = rig.Map(plain);
        MappedRegion theirs = rig.Map(import.handle, file: other);
        mine.Span[100] = 42;
        Assert.Equal(42, theirs.Span[100]);
        rig.Process.Close(prime.fd);
    }

    [Fact]
    public void S4_mmap_offset_checks_and_a_mapping_shares_the_bo_memory()
    {
        using var rig = new XeRig();
        var args = new drm_xe_gem_mmap_offset { handle = 7 };
        Assert.Equal(Errno.ENOENT, rig.Call(DRM_IOCTL_XE_GEM_MMAP_OFFSET, ref args));
        uint bo = rig.Bo();
        args = new drm_xe_gem_mmap_offset { handle = bo, flags = 2 };
        Assert.Equal(Errno.EINVAL, rig.Call(DRM_IOCTL_XE_GEM_MMAP_OFFSET, ref args));
        args = new drm_xe_gem_mmap_offset { handle = bo, extensions = 1 };
        Assert.Equal(Errno.EINVAL, rig.Call(DRM_IOCTL_XE_GEM_MMAP_OFFSET, ref args));
        args = new drm_xe_gem_mmap_offset { handle = bo };
        Assert.Equal(Errno.None, rig.Call(DRM_IOCTL_XE_GEM_MMAP_OFFSET, ref args));
        Assert.True(args.offset >= DrmDevice.FilePageOffsetStart * 4096);
        Assert.Equal(0UL, args.offset % 4096);
    }

    [Fact]
    public void S4_pci_barrier_offset_is_fixed_on_a_discrete_part_without_a_handle()
    {
        using var rig = new XeRig(XeConfiguration.Discrete);
        var args = new drm_xe_gem_mmap_offset { flags = DRM_XE_MMAP_OFFSET_FLAG_PCI_BARRIER };
        Assert.Equal(Errno.None, rig.Call(DRM_IOCTL_XE_GEM_MMAP_OFFSET, ref args));
        Assert.Equal(0x50UL << 12, args.offset); // XE_PCI_BARRIER_MMAP_OFFSET
        args = new drm_xe_gem_mmap_offset { flags = DRM_XE_MMAP_OFFSET_FLAG_PCI_BARRIER, handle = rig.Bo() };
        Assert.Equal(Errno.EINVAL, rig.Call(DRM_IOCTL_XE_GEM_MMAP_OFFSET, ref args));
    }

    [Fact]
    public void S4_pci_barrier_on_an_integrated_part_is_EINVAL_for_the_offset_and_the_mmap()
    {
        using var rig = new XeRig(XeConfiguration.Integrated);
        var args = new drm_xe_gem_mmap_offset { flags = DRM_XE_MMAP_OFFSET_FLAG_PCI_BARRIER };
        Assert.Equal(Errno.EINVAL, rig.Call(DRM_IOCTL_XE_GEM_MMAP_OFFSET, ref args));
        Assert.Equal(Errno.EINVAL, rig.File.Map(4096, 0x50000, MemoryProtection.Write, MapFlags.Shared).Error);
    }

    [Fact]
    public void S4_pci_barrier_mmap_is_one_shared_write_only_page_and_writes_count_as_barriers()
    {
        using var rig = new XeRig(XeConfiguration.Discrete);
        const long offset = 0x50000;
        Assert.Equal(Errno.EINVAL, rig.File.Map(8192, offset, MemoryProtection.Write, MapFlags.Shared).Error); // > 4 KiB
        Assert.Equal(Errno.EINVAL, rig.File.Map(4096, offset, MemoryProtection.Write, MapFlags.Private).Error); // copy-on-write
        Assert.Equal(Errno.EINVAL, rig.File.Map(4096, offset, MemoryProtection.ReadWrite, MapFlags.Shared).Error); // readable
        XeBarrierPage page = rig.Driver.BarrierPage!;
        using (MappedRegion barrier = rig.File.Map(4096, offset, MemoryProtection.Write, MapFlags.Shared).Value)
        {
            Assert.Equal(1, page.Mappings);
            Assert.Equal(0, page.Barriers);
            *(uint*)barrier.Address = 0;
            Assert.Equal(0, page.Barriers); // nothing landed
            *(uint*)barrier.Address = 1;
            Assert.Equal(1, page.Barriers);
            *(uint*)barrier.Address = 1;
            Assert.Equal(2, page.Barriers); // each observed write is one barrier
        }

        Assert.Equal(0, page.Mappings);
    }

    [Fact]
    public void S3_closing_the_file_frees_every_bo()
    {
        var rig = new XeRig();
        for (int i = 0; i < 4; i++)
        {
            rig.Bo();
        }

        Assert.Equal(4, rig.Kernel.Counts[GemObject.BufferObjects]);
        rig.Dispose();
        Assert.Equal(0, rig.Kernel.Counts[GemObject.BufferObjects]);
    }
}
