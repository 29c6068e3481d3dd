using AccelInterop.Simulation.Kernel;
using AccelInterop.Simulation.Uapi.Xe;
using static AccelInterop.Runtime.Errors.Errno;
using static AccelInterop.Simulation.Uapi.Xe.Xe;

namespace AccelInterop.Simulation.Xe;

// GEM_CREATE and GEM_MMAP_OFFSET (xe.md §3, §4; xe_bo.c).
public sealed partial class XeDriver
{
    private const uint GemCreateFlags = DRM_XE_GEM_CREATE_FLAG_DEFER_BACKING | DRM_XE_GEM_CREATE_FLAG_SCANOUT |
        DRM_XE_GEM_CREATE_FLAG_NEEDS_VISIBLE_VRAM | DRM_XE_GEM_CREATE_FLAG_NO_COMPRESSION;

    // xe_bo.c:xe_gem_create_ioctl, its checks in order.
    private int GemCreate(XeFile file, SimulatedProcess caller, ref drm_xe_gem_create args)
    {
        if (args.pad[0] != 0 || args.pad[1] != 0 || args.pad[2] != 0 || args.reserved[0] != 0 || args.reserved[1] != 0)
        {
            return -EINVAL;
        }

        uint regions = Configuration.MemoryRegionMask;
        if (args.placement == 0 || (args.placement & ~regions) != 0)
        {
            return -EINVAL;
        }

        if ((args.flags & ~GemCreateFlags) != 0 || args.handle != 0)
        {
            return -EINVAL;
        }

        if (args.size == 0 || args.size > long.MaxValue || (args.size & (Page.Size - 1)) != 0)
        {
            return -EINVAL;
        }

        if ((args.flags & DRM_XE_GEM_CREATE_FLAG_NO_COMPRESSION) != 0 && Configuration.GraphicsVersion < 20)
        {
            return -EOPNOTSUPP;
        }

        bool vram = (args.placement & ~1u) != 0;
        if ((args.flags & DRM_XE_GEM_CREATE_FLAG_NEEDS_VISIBLE_VRAM) != 0 && !vram)
        {
            return -EINVAL;
        }

        if (args.cpu_caching == 0 || args.cpu_caching > DRM_XE_GEM_CPU_CACHING_WC ||
            (vram && args.cpu_caching != DRM_XE_GEM_CPU_CACHING_WC) ||
            ((args.flags & DRM_XE_GEM_CREATE_FLAG_SCANOUT) != 0 && args.cpu_caching == DRM_XE_GEM_CPU_CACHING_WB))
        {
            return -EINVAL;
        }

        XeVm? vm = null;
        if (args.vm_id != 0)
        {
            vm = file.LookupVm(args.vm_id);
            if (vm is null)
            {
                return -ENOENT;
            }
        }

        try
        {
            // The backing is host memory; a BO larger than the model can hold is what the kernel's
            // allocator refuses too (-ENOMEM), as is an injected allocation failure.
            if (args.size > MaxBoSize || Device.Kernel.Faults.ShouldFail(FaultPoint.AllocationFailure))
            {
                return -ENOMEM;
            }

            int r = ParseGemCreateExtensions(caller, args.extensions);
            if (r < 0)
            {
                return r;
            }

            var bo = new XeBo(Device, args.size, args.placement, args.flags, args.cpu_caching, vm);
            Account(bo);
            bo.CreateMmapOffset();
            args.handle = file.File.CreateHandle(bo);
            bo.Put();
            return 0;
        }
        finally
        {
            vm?.Put();
        }
    }

    /// <summary>The largest BO the simulation backs (the kernel's allocation fails beyond the memory it has).</summary>
    public const ulong MaxBoSize = 256UL << 20;

    // gem_create_user_extensions: the whole chain (XeUserExtensionChain); each link's set-property
    // handler (gem_create_user_ext_set_property) takes property PXP_TYPE only and checks its pad, not
    // its reserved words; the value is NONE or HWDRM (gem_create_set_pxp_type).
    private int ParseGemCreateExtensions(SimulatedProcess caller, ulong extensions)
    {
        for (int number = 0; extensions != 0; number++)
        {
            int r = XeUserExtensionChain.Read(caller, extensions, number, out drm_xe_ext_set_property ext);
            if (r < 0)
            {
                return r;
            }

            const ulong hwdrm = (ulong)drm_xe_pxp_session_type.DRM_XE_PXP_TYPE_HWDRM;
            if (ext.property != DRM_XE_GEM_CREATE_SET_PROPERTY_PXP_TYPE || ext.pad != 0 || ext.value > hwdrm)
            {
                return -EINVAL;
            }

            if (ext.value == hwdrm && !Configuration.HasPxp)
            {
                return -ENODEV; // xe_pxp_key_assign without PXP
            }

            extensions = ext.@base.next_extension;
        }

        return 0;
    }

    // xe_bo.c:xe_gem_mmap_offset_ioctl.
    private int GemMmapOffset(XeFile file, SimulatedProcess caller, ref drm_xe_gem_mmap_offset args)
    {
        if (args.extensions != 0 || args.reserved[0] != 0 || args.reserved[1] != 0)
        {
            return -EINVAL;
        }

        if ((args.flags & ~DRM_XE_MMAP_OFFSET_FLAG_PCI_BARRIER) != 0)
        {
            return -EINVAL;
        }

        if ((args.flags & DRM_XE_MMAP_OFFSET_FLAG_PCI_BARRIER) != 0)
        {
            // Not discrete, a handle given, or a CPU page larger than the 4 KiB barrier page: -EINVAL.
            if (!Configuration.IsDiscrete || args.handle != 0 || Page.Size > XeBarrierPage.Size)
            {
                return -EINVAL;
            }

            args.offset = XeBarrierPage.MmapOffset;
            return 0;
        }

        Drm.GemObject? gem = file.File.LookupObject(args.handle);
        if (gem is null)
        {
            return -ENOENT;
        }

        gem.CreateMmapOffset();
        args.offset = gem.MmapOffset;
        gem.Put();
        return 0;
    }
}
