using AccelInterop.Simulation.Kernel;
using AccelInterop.Simulation.Uapi.Vfio;
using static AccelInterop.Runtime.Errors.Errno;
using static AccelInterop.Simulation.Uapi.Vfio.Vfio;

namespace AccelInterop.Simulation.Vfio;

/// <summary>
/// A container, the file /dev/vfio/vfio opens (<c>drivers/vfio/container.c</c>): groups join it
/// with GROUP_SET_CONTAINER, then SET_IOMMU picks the IOMMU backend (type1 or type1v2 here), which
/// owns the IOVA space every group of the container shares. Without a backend every ioctl but
/// the three of the container itself is -EINVAL; with one, they go to the backend. The container
/// lives while its file or a group holds it; when the last group leaves, the backend and all its
/// mappings go and the container is unset again.
/// </summary>
public sealed class VfioContainer : IFileOperations
{
    public static readonly ObjectKind Containers = new("vfio containers");

    /// <summary>IOVA mappings of type1 backends (MAP_DMA), counted while they exist.</summary>
    public static readonly ObjectKind DmaMappings = new("vfio dma mappings");

    private static readonly IoctlTable<VfioContainer, NoIoctlFlags> s_ioctls =
        new IoctlTable<VfioContainer, NoIoctlFlags>(IoctlCopyPolicy.Argsz, (byte)VFIO_BASE)
            .Define(VFIO_GET_API_VERSION, static (_, _, _) => VFIO_API_VERSION)
            .Define(VFIO_CHECK_EXTENSION, static (container, _, extension) => container.CheckExtension(extension))
            .Define(VFIO_SET_IOMMU, static (container, caller, type) => container.SetIommu(type));

    private static readonly IoctlTable<VfioContainer, NoIoctlFlags> s_type1 =
        new IoctlTable<VfioContainer, NoIoctlFlags>(IoctlCopyPolicy.Argsz, (byte)VFIO_BASE)
            .Define<vfio_iommu_type1_info>(VFIO_IOMMU_GET_INFO,
                new ArgszRule(ArgszRule.OffsetOfEnd(static (ref vfio_iommu_type1_info i) => ref i.iova_pgsizes), CopyOut: ArgszCopyOut.UpToArgsz),
                static (container, caller, ref info, user) => container.Iommu!.GetInfo(caller, ref info, user))
            .Define<vfio_iommu_type1_dma_map>(VFIO_IOMMU_MAP_DMA,
                new ArgszRule(ArgszRule.OffsetOfEnd(static (ref vfio_iommu_type1_dma_map m) => ref m.size), CopyOut: ArgszCopyOut.Nothing),
                static (container, caller, ref map, _) => container.Iommu!.Map(caller, ref map))
            .Define<vfio_iommu_type1_dma_unmap>(VFIO_IOMMU_UNMAP_DMA,
                new ArgszRule(ArgszRule.OffsetOfEnd(static (ref vfio_iommu_type1_dma_unmap u) => ref u.size)),
                static (container, caller, ref unmap, user) => container.Iommu!.Unmap(caller, ref unmap, user))
            .Define<vfio_iommu_type1_dirty_bitmap>(VFIO_IOMMU_DIRTY_PAGES,
                new ArgszRule(ArgszRule.OffsetOfEnd(static (ref vfio_iommu_type1_dirty_bitmap d) => ref d.flags), CopyOut: ArgszCopyOut.Nothing),
                static (container, caller, ref dirty, user) => container.Iommu!.DirtyPages(caller, ref dirty, user));

    private readonly Lock _lock = new();
    private readonly List<VfioGroup> _groups = [];
    private readonly ObjectCounter _counter;
    private readonly int _dmaEntryLimit;
    private int _references = 1;

    internal VfioContainer(SimulatedKernel kernel, int dmaEntryLimit)
    {
        Kernel = kernel;
        _dmaEntryLimit = dmaEntryLimit;
        _counter = kernel.Counts.Counter(Containers);
        _counter.Add(1);
    }

    public SimulatedKernel Kernel { get; }

    /// <summary>The IOMMU backend once SET_IOMMU chose it.</summary>
    internal VfioIommuType1? Iommu { get; private set; }

    /// <summary>How many IOVA mappings the backend holds (0 without one).</summary>
    public int DmaMappingCount => Iommu?.MappingCount ?? 0;

    int IFileOperations.Ioctl(OpenFile file, SimulatedProcess caller, uint command, ulong argument)
    {
        if (command == (uint)VFIO_GET_API_VERSION.Value || command == (uint)VFIO_CHECK_EXTENSION.Value || command == (uint)VFIO_SET_IOMMU.Value)
        {
            return s_ioctls.Dispatch(this, caller, command, argument);
        }

        // vfio_fops_unl_ioctl: everything else belongs to the backend, and without one is -EINVAL. Dirty tracking is
        // TYPE1v2's alone: v1 refuses it before reading the argument (-EACCES).
        if (Iommu is null)
        {
            return -EINVAL;
        }

        return command == (uint)VFIO_IOMMU_DIRTY_PAGES.Value && !Iommu.IsVersion2 ? -EACCES : s_type1.Dispatch(this, caller, command, argument);
    }

    void IFileOperations.Release(OpenFile file) => Put();

    // vfio_container_ioctl_check_extension: no backend yet, ask the registered ones (type1 only here).
    private int CheckExtension(ulong extension)
    {
        lock (_lock)
        {
            return VfioIommuType1.CheckExtension(extension, Iommu is not null);
        }
    }

    // vfio_ioctl_set_iommu: a group must be attached and no backend set (-EINVAL); a type no backend takes: -ENODEV.
    private int SetIommu(ulong type)
    {
        lock (_lock)
        {
            if (_groups.Count == 0 || Iommu is not null)
            {
                return -EINVAL;
            }

            if (type is not (VFIO_TYPE1_IOMMU or VFIO_TYPE1v2_IOMMU))
            {
                return -ENODEV;
            }

            Iommu = new VfioIommuType1(Kernel, version2: type == VFIO_TYPE1v2_IOMMU, _dmaEntryLimit);
            return 0;
        }
    }

    internal void Get() => Interlocked.Increment(ref _references);

    internal void Put()
    {
        if (Interlocked.Decrement(ref _references) == 0)
        {
            _counter.Add(-1);
        }
    }

    // vfio_container_attach_group: the group joins (a backend already set covers it too, unless a vaddr is
    // invalid: vfio_iommu_type1_attach_group refuses with -EBUSY, as attaching may need to pin).
    internal int Attach(VfioGroup group)
    {
        lock (_lock)
        {
            if (Iommu is { InvalidVaddrCount: > 0 })
            {
                return -EBUSY;
            }

            _groups.Add(group);
        }

        Get();
        return 0;
    }

    // __vfio_group_unset_container: the last group takes the backend with it.
    internal void Detach(VfioGroup group)
    {
        lock (_lock)
        {
            _groups.Remove(group);
            if (_groups.Count == 0 && Iommu is not null)
            {
                Iommu.Release();
                Iommu = null;
            }
        }

        Put();
    }

    public override string ToString() => "vfio container";
}
