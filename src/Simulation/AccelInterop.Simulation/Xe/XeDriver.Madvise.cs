using System.Runtime.InteropServices;
using AccelInterop.Simulation.Drm;
using AccelInterop.Simulation.Kernel;
using AccelInterop.Simulation.Uapi.Xe;
using static AccelInterop.Runtime.Errors.Errno;
using static AccelInterop.Simulation.Uapi.Xe.Xe;

namespace AccelInterop.Simulation.Xe;

// MADVISE and VM_QUERY_MEM_RANGE_ATTRS (xe.md §5a; xe_vm_madvise.c, xe_vm.c): advice stored on the
// VMAs of a range, read back per VMA.
public sealed partial class XeDriver
{
    // xe_vm_madvise.c:xe_vm_madvise_ioctl, in its order. The extensions word is not looked at.
    private int Madvise(XeFile file, SimulatedProcess caller, ref drm_xe_madvise args)
    {
        XeVm? vm = file.LookupVm(args.vm_id);
        if (vm is null)
        {
            return -EINVAL;
        }

        try
        {
            if (!AdviceIsSane(args))
            {
                return -EINVAL;
            }

            bool retained = args.type == DRM_XE_VMA_ATTR_PURGEABLE_STATE && args.purge_state_val.retained_ptr != 0;
            if (retained)
            {
                Span<uint> value = stackalloc uint[1];
                if (caller.Memory.CopyFromUser(MemoryMarshal.AsBytes(value), args.purge_state_val.retained_ptr) < 0)
                {
                    return -EFAULT;
                }

                if (value[0] != 0)
                {
                    return -EINVAL;
                }
            }

            if (vm.IsClosedOrBanned)
            {
                return -ENOENT;
            }

            if (args.type == DRM_XE_MEM_RANGE_ATTR_PREFERRED_LOC && (int)args.preferred_mem_loc.devmem_fd > 0)
            {
                int r = CheckDevmemFd(caller, (int)args.preferred_mem_loc.devmem_fd, args.preferred_mem_loc.region_instance);
                if (r < 0)
                {
                    return r;
                }
            }

            // xe_vm_alloc_madvise_vma -> drm_gpuvm_range_valid; the start may come sign-extended.
            ulong start = args.start & (vm.Size - 1);
            if (args.range > vm.Size || start > vm.Size - args.range)
            {
                return -EINVAL;
            }

            drm_xe_madvise advice = args;
            int result = vm.Locked(() => Advise(vm, start, start + advice.range, advice));
            if (result < 0 || !retained)
            {
                return result;
            }

            // Nothing is ever purged in the model (no shrinker): "retained" is 1.
            ReadOnlySpan<uint> one = [1];
            return caller.Memory.CopyToUser(args.purge_state_val.retained_ptr, MemoryMarshal.AsBytes(one)) < 0 ? -EFAULT : 0;
        }
        finally
        {
            vm.Put();
        }
    }

    // xe_vm_madvise.c:madvise_args_are_sane.
    private static bool AdviceIsSane(in drm_xe_madvise args)
    {
        const ulong pageMask = Page.Size - 1;
        if ((args.start & pageMask) != 0 || (args.range & pageMask) != 0 || args.range < Page.Size)
        {
            return false;
        }

        bool sane = args.type switch
        {
            DRM_XE_MEM_RANGE_ATTR_PREFERRED_LOC =>
                (int)args.preferred_mem_loc.devmem_fd >= DRM_XE_PREFERRED_LOC_DEFAULT_SYSTEM &&
                !((int)args.preferred_mem_loc.devmem_fd <= DRM_XE_PREFERRED_LOC_DEFAULT_DEVICE && args.preferred_mem_loc.region_instance != 0) &&
                args.preferred_mem_loc.migration_policy <= DRM_XE_MIGRATE_ONLY_SYSTEM_PAGES &&
                args.preferred_mem_loc.reserved == 0,
            DRM_XE_MEM_RANGE_ATTR_ATOMIC => args.atomic.val <= DRM_XE_ATOMIC_CPU && args.atomic.pad == 0 && args.atomic.reserved == 0,
            DRM_XE_MEM_RANGE_ATTR_PAT =>
                args.pat_index.val < XePat.Entries && XePat.Coherency((ushort)args.pat_index.val) != 0 &&
                args.pat_index.pad == 0 && args.pat_index.reserved == 0,
            DRM_XE_VMA_ATTR_PURGEABLE_STATE =>
                args.purge_state_val.val is DRM_XE_VMA_PURGEABLE_STATE_WILLNEED or DRM_XE_VMA_PURGEABLE_STATE_DONTNEED &&
                args.purge_state_val.pad == 0,
            _ => false,
        };
        return sane && args.reserved[0] == 0 && args.reserved[1] == 0;
    }

    // xe_svm.c:xe_drm_pagemap_from_fd and xe_devmem_open, then the owner check of
    // xe_madvise_details_init: the fd must be an xe device file naming one of its VRAM regions
    // (-ENOENT), and that device this one (-ENOLINK: no fast interconnect between devices).
    private int CheckDevmemFd(SimulatedProcess caller, int fd, ushort regionInstance)
    {
        OpenFile? opened = caller.GetFile(fd);
        if (opened is null)
        {
            return -ENOENT;
        }

        try
        {
            if (opened.Operations is not DrmFile { Device.Driver: XeDriver other })
            {
                return -ENOENT;
            }

            if (regionInstance == 0 || regionInstance >= 32 || ((1u << regionInstance) & other.Configuration.MemoryRegionMask) == 0)
            {
                return -ENOENT;
            }

            return ReferenceEquals(other, this) ? 0 : -ENOLINK;
        }
        finally
        {
            opened.Put();
        }
    }

    // The rest of xe_vm_madvise_ioctl under the VM's lock: split the VMAs without a BO at the
    // edges, check the VMAs for the type (PAT: check_pat_args_are_sane; atomics:
    // check_bo_args_are_sane), then store the advice on each (the madvise_funcs).
    private int Advise(XeVm vm, ulong start, ulong end, in drm_xe_madvise args)
    {
        vm.SplitForAdvice(start);
        vm.SplitForAdvice(end);
        List<IovaMapping<XeVmaBacking>> vmas = vm.VmasIn(start, end);
        if (args.type == DRM_XE_MEM_RANGE_ATTR_PAT && !PatFitsVmas(vmas, (ushort)args.pat_index.val))
        {
            return -EINVAL;
        }

        if (args.type == DRM_XE_MEM_RANGE_ATTR_ATOMIC && !AtomicsFitBos(vmas, args.atomic.val))
        {
            return -EINVAL;
        }

        foreach (IovaMapping<XeVmaBacking> vma in vmas)
        {
            XeVmaBacking backing = vma.Value!;
            ref XeVmaAttributes attributes = ref backing.Attributes;
            switch (args.type)
            {
                case DRM_XE_MEM_RANGE_ATTR_PREFERRED_LOC when backing.IsCpuMirror:
                    attributes.DevmemFd = args.preferred_mem_loc.devmem_fd;
                    attributes.MigrationPolicy = args.preferred_mem_loc.migration_policy;
                    break;
                case DRM_XE_MEM_RANGE_ATTR_ATOMIC when !backing.IsUserPtr || args.atomic.val == DRM_XE_ATOMIC_DEVICE:
                    attributes.AtomicAccess = args.atomic.val;
                    break;
                case DRM_XE_MEM_RANGE_ATTR_PAT:
                    attributes.PatIndex = (ushort)args.pat_index.val;
                    break;
                case DRM_XE_VMA_ATTR_PURGEABLE_STATE when backing.Bo is not null:
                    attributes.PurgeableState = args.purge_state_val.val;
                    break;
            }
        }

        return 0;
    }

    // check_pat_args_are_sane: on an integrated part a non-coherent PAT index may not cover CPU-cached
    // memory — a WB BO, a BO without caching information, a userptr or CPU-mirror VMA.
    private bool PatFitsVmas(List<IovaMapping<XeVmaBacking>> vmas, ushort patIndex)
    {
        if (XePat.Coherency(patIndex) != XePat.CoherencyNone || Configuration.IsDiscrete)
        {
            return true;
        }

        foreach (IovaMapping<XeVmaBacking> vma in vmas)
        {
            XeVmaBacking backing = vma.Value!;
            if (backing.Bo is XeBo bo ? bo.CpuCaching is DRM_XE_GEM_CPU_CACHING_WB or 0 : backing.IsCpuMirror || backing.IsUserPtr)
            {
                return false;
            }
        }

        return true;
    }

    // check_bo_args_are_sane (device atomics on system memory: every part but PVC has them): CPU
    // atomics need a system placement, global ones system and VRAM placements.
    private static bool AtomicsFitBos(List<IovaMapping<XeVmaBacking>> vmas, uint atomic)
    {
        foreach (IovaMapping<XeVmaBacking> vma in vmas)
        {
            if (vma.Value!.Bo is not XeBo bo)
            {
                continue;
            }

            bool system = (bo.Placement & 1) != 0, vram = (bo.Placement & ~1u) != 0;
            if ((atomic == DRM_XE_ATOMIC_CPU && !system) || (atomic == DRM_XE_ATOMIC_DEVICE && !vram && !system) ||
                (atomic == DRM_XE_ATOMIC_GLOBAL && (!system || !vram)))
            {
                return false;
            }
        }

        return true;
    }

    // xe_vm.c:xe_vm_query_vmas_attrs_ioctl: with no array, the number of VMAs in [start, start + range)
    // and the entry size; with one, an entry per VMA (-ENOSPC when there are more than asked for),
    // and num_mem_ranges becomes the number written. Extensions and reserved are not looked at.
    private int QueryMemRangeAttrs(XeFile file, SimulatedProcess caller, ref drm_xe_vm_query_mem_range_attr args)
    {
        ulong entrySize = (ulong)Marshal.SizeOf<drm_xe_mem_range_attr>();
        if ((args.num_mem_ranges == 0 && (args.vector_of_mem_attr != 0 || args.sizeof_mem_range_attr != 0)) ||
            (args.num_mem_ranges > 0 && (args.vector_of_mem_attr == 0 || args.sizeof_mem_range_attr != entrySize)))
        {
            return -EINVAL;
        }

        XeVm? vm = file.LookupVm(args.vm_id);
        if (vm is null)
        {
            return -EINVAL;
        }

        try
        {
            // The range is not checked: one that wraps finds no VMA.
            List<IovaMapping<XeVmaBacking>> vmas = vm.VmasIn(args.start, args.start + args.range);
            if (args.num_mem_ranges == 0)
            {
                args.num_mem_ranges = (uint)vmas.Count;
                args.sizeof_mem_range_attr = entrySize;
                return 0;
            }

            if (vmas.Count > args.num_mem_ranges)
            {
                return -ENOSPC;
            }

            var attrs = new drm_xe_mem_range_attr[vmas.Count];
            for (int i = 0; i < vmas.Count; i++)
            {
                XeVmaAttributes a = vmas[i].Value!.Attributes;
                attrs[i].start = vmas[i].Start;
                attrs[i].end = vmas[i].Start + vmas[i].Length;
                attrs[i].atomic.val = a.AtomicAccess;
                attrs[i].pat_index.val = a.PatIndex;
                attrs[i].preferred_mem_loc.devmem_fd = a.DevmemFd;
                attrs[i].preferred_mem_loc.migration_policy = a.MigrationPolicy;
            }

            args.num_mem_ranges = (uint)vmas.Count;
            return caller.Memory.CopyToUser(args.vector_of_mem_attr, MemoryMarshal.AsBytes(attrs.AsSpan())) < 0 ? -EFAULT : 0;
        }
        finally
        {
            vm.Put();
        }
    }
}
