using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using AccelInterop.Simulation.Kernel;
using AccelInterop.Simulation.Uapi.Vfio;
using AccelInterop.Simulation.Vfio;
using static AccelInterop.Runtime.Errors.Errno;
using static AccelInterop.Simulation.Uapi.Vfio.Vfio;

namespace AccelInterop.Simulation.Iommufd;

/// <summary>
/// One open of /dev/iommu (<c>struct iommufd_ctx</c>, <c>drivers/iommu/iommufd/main.c</c>): a table
/// of objects by id — IOASes, the automatic page tables of attached devices, bound devices — and
/// the ioctls over them. Every command is <c>_IO(';', 0x80 + n)</c> with its size first:
/// <c>iommufd_fops_ioctl</c> reads it, refuses one below the command's minimum (-EINVAL), reads the
/// rest with <c>copy_struct_from_user</c> (-E2BIG for non-zero bytes it does not know) and answers
/// with <c>iommufd_ucmd_respond</c> (up to the caller's size). A bound device holds the file, as
/// <c>iommufd_ctx_from_fd</c>'s reference does, so the context outlives a close while devices use it.
/// </summary>
public sealed class IommufdContext : IFileOperations
{
    public static readonly ObjectKind Contexts = new("iommufd contexts");

    /// <summary>Objects in iommufd tables (IOAS, page tables, devices).</summary>
    public static readonly ObjectKind Objects = new("iommufd objects");

    /// <summary>Areas mapped in IOASes (IOAS_MAP).</summary>
    public static readonly ObjectKind Areas = new("iommufd IOAS areas");

    private const byte CommandBase = 0x80;

    private static readonly IoctlTable<IommufdContext, NoIoctlFlags> s_ioctls =
        new IoctlTable<IommufdContext, NoIoctlFlags>(IoctlCopyPolicy.Argsz, CommandBase)
            .Define<iommu_destroy>(IOMMU_DESTROY, Rule(static (ref iommu_destroy d) => ref d.id),
                static (context, _, ref destroy, _) => context.Destroy(destroy.id))
            .Define<iommu_vfio_ioas>(IOMMU_VFIO_IOAS, Rule(static (ref iommu_vfio_ioas v) => ref v.__reserved),
                static (context, caller, ref vfio, user) => context.VfioIoas(caller, ref vfio, user))
            .Define<iommu_hwpt_alloc>(IOMMU_HWPT_ALLOC, Rule(static (ref iommu_hwpt_alloc a) => ref a.__reserved),
                static (context, caller, ref alloc, user) => context.AllocateHwpt(caller, ref alloc, user))
            .Define<iommu_hw_info>(IOMMU_GET_HW_INFO, Rule(static (ref iommu_hw_info h) => ref h.__reserved),
                static (context, caller, ref info, user) => context.GetHwInfo(caller, ref info, user))
            .Define<iommu_ioas_allow_iovas>(IOMMU_IOAS_ALLOW_IOVAS, Rule(static (ref iommu_ioas_allow_iovas a) => ref a.allowed_iovas),
                static (context, caller, ref allow, _) => context.AllowIovas(caller, ref allow))
            .Define<iommu_ioas_copy>(IOMMU_IOAS_COPY, Rule(static (ref iommu_ioas_copy c) => ref c.src_iova),
                static (context, caller, ref copy, user) => context.Copy(caller, ref copy, user))
            .Define<iommu_ioas_alloc>(IOMMU_IOAS_ALLOC, Rule(static (ref iommu_ioas_alloc a) => ref a.out_ioas_id),
                static (context, caller, ref alloc, user) => context.AllocateIoas(caller, ref alloc, user))
            .Define<iommu_ioas_iova_ranges>(IOMMU_IOAS_IOVA_RANGES, Rule(static (ref iommu_ioas_iova_ranges r) => ref r.out_iova_alignment),
                static (context, caller, ref ranges, user) => context.IovaRanges(caller, ref ranges, user))
            .Define<iommu_ioas_map>(IOMMU_IOAS_MAP, Rule(static (ref iommu_ioas_map m) => ref m.iova),
                static (context, caller, ref map, user) => context.Map(caller, ref map, user))
            .Define<iommu_ioas_unmap>(IOMMU_IOAS_UNMAP, Rule(static (ref iommu_ioas_unmap u) => ref u.length),
                static (context, caller, ref unmap, user) => context.Unmap(caller, ref unmap, user));

    private readonly Lock _lock = new();
    private readonly SortedDictionary<uint, IommufdObject> _objects = [];
    private readonly SimulatedKernel _kernel;
    private readonly ObjectCounter _counter;
    private readonly ObjectCounter _objectCounter;

    // ictx->vfio_ioas: the IOAS the VFIO compatibility requests would use (IOMMU_VFIO_IOAS), or none.
    private IommufdIoas? _vfioIoas;

    internal IommufdContext(SimulatedKernel kernel)
    {
        _kernel = kernel;
        _counter = kernel.Counts.Counter(Contexts);
        _objectCounter = kernel.Counts.Counter(Objects);
        _counter.Add(1);
    }

    /// <summary>The objects in the table (a snapshot, by id).</summary>
    public IReadOnlyList<IommufdObject> ObjectsById
    {
        get
        {
            lock (_lock)
            {
                return [.. _objects.Values];
            }
        }
    }

    int IFileOperations.Ioctl(OpenFile file, SimulatedProcess caller, uint command, ulong argument) =>
        s_ioctls.Dispatch(this, caller, command, argument);

    // iommufd_fops_release: every object goes (no device is bound: each bound device holds the file).
    void IFileOperations.Release(OpenFile file)
    {
        IommufdObject[] objects;
        lock (_lock)
        {
            objects = [.. _objects.Values];
            _objects.Clear();
        }

        foreach (IommufdObject obj in objects.Reverse())
        {
            obj.Destroy();
            _objectCounter.Add(-1);
        }

        _counter.Add(-1);
    }

    /// <summary>iommufd_device_bind: the device joins the table; its id is the devid.</summary>
    internal IommufdDevice Bind(VfioPciDevice device)
    {
        lock (_lock)
        {
            return Insert(new IommufdDevice(this, device));
        }
    }

    /// <summary>iommufd_device_unbind: detached first, then out of the table.</summary>
    internal void Unbind(IommufdDevice device)
    {
        Detach(device);
        lock (_lock)
        {
            _objects.Remove(device.Id);
        }

        _objectCounter.Add(-1);
    }

    /// <summary>
    /// iommufd_device_attach / _replace (<c>iommufd_device_change_pt</c>): <paramref name="ptId"/> names a
    /// page table (attached to directly) or an IOAS (its automatic page table is found or made, and its
    /// id goes back in <paramref name="ptId"/>); none: -ENOENT; another kind: -EINVAL.
    /// </summary>
    internal int Attach(IommufdDevice device, ref uint ptId)
    {
        IommufdHwPagetable? old;
        lock (_lock)
        {
            if (!_objects.TryGetValue(ptId, out IommufdObject? target))
            {
                return -ENOENT;
            }

            IommufdHwPagetable pagetable;
            switch (target)
            {
                case IommufdHwPagetable existing:
                    pagetable = existing;
                    break;
                case IommufdIoas ioas:
                    pagetable = _objects.Values.OfType<IommufdHwPagetable>().FirstOrDefault(p => p.Automatic && p.Ioas == ioas) ?? new IommufdHwPagetable(this, ioas, automatic: true);
                    if (pagetable.Id == 0)
                    {
                        int added = ioas.AddDomain();
                        if (added < 0)
                        {
                            return added;
                        }

                        Insert(pagetable);
                    }

                    break;
                default:
                    return -EINVAL;
            }

            old = device.Pagetable;
            if (old == pagetable)
            {
                ptId = pagetable.Id;
                return 0;
            }

            pagetable.DeviceCount++;
            pagetable.Users++;
            device.Pagetable = pagetable;
            device.Device.AttachIommufd(pagetable);
            ptId = pagetable.Id;
        }

        Release(old);
        return 0;
    }

    /// <summary>
    /// vfio_compat.c:iommufd_vfio_compat_ioas_create, for a VFIO group set on this iommufd: the
    /// compatibility IOAS is made unless one exists; it is an ordinary object (IOMMU_VFIO_IOAS GET
    /// reports it, IOMMU_DESTROY ends it).
    /// </summary>
    internal void CreateCompatIoas()
    {
        lock (_lock)
        {
            _vfioIoas ??= Insert(new IommufdIoas(this, _kernel.Counts.Counter(Areas)));
        }
    }

    /// <summary>
    /// vfio/iommufd.c:vfio_iommufd_compat_attach_ioas: a group's device joins the compatibility IOAS
    /// (-ENODEV when it was cleared or destroyed since the group was set).
    /// </summary>
    internal int AttachCompat(IommufdDevice device)
    {
        uint id;
        lock (_lock)
        {
            if (_vfioIoas is null)
            {
                return -ENODEV;
            }

            id = _vfioIoas.Id;
        }

        return Attach(device, ref id);
    }

    /// <summary>iommufd_device_detach: the device leaves its page table; an automatic one goes with its last device.</summary>
    internal void Detach(IommufdDevice device)
    {
        IommufdHwPagetable? old;
        lock (_lock)
        {
            old = device.Pagetable;
            device.Pagetable = null;
            device.Device.AttachIommufd(null);
        }

        Release(old);
    }

    public override string ToString() => "iommufd";

    private static ArgszRule Rule<T, TField>(ArgszRule.Member<T, TField> last) where T : unmanaged where TField : unmanaged =>
        new(ArgszRule.OffsetOfEnd(last), ArgszTail.MustBeZero, ArgszCopyOut.Nothing);

    // iommufd_ucmd_respond: the command back, up to the caller's size.
    private static int Respond<T>(SimulatedProcess caller, IoctlUserArgument user, ref T command) where T : unmanaged
    {
        ReadOnlySpan<byte> bytes = MemoryMarshal.AsBytes(new ReadOnlySpan<T>(in command));
        int length = (int)Math.Min(user.Size, (uint)bytes.Length);
        return caller.Memory.CopyArgumentToUser(user.Address, bytes[..length]) < 0 ? -EFAULT : 0;
    }

    // iommufd_ucmd_respond for a command that made object id: iommufd_object_abort_and_destroy when it cannot answer.
    private int RespondNew<T>(SimulatedProcess caller, IoctlUserArgument user, ref T command, uint id) where T : unmanaged
    {
        int responded = Respond(caller, user, ref command);
        if (responded < 0)
        {
            Destroy(id);
        }

        return responded;
    }

    // A device leaves its page table; an automatic one goes with its last device.
    private void Release(IommufdHwPagetable? pagetable)
    {
        if (pagetable is null)
        {
            return;
        }

        lock (_lock)
        {
            pagetable.Users--;
            if (--pagetable.DeviceCount > 0 || !pagetable.Automatic)
            {
                return;
            }

            _objects.Remove(pagetable.Id);
        }

        pagetable.Destroy();
        _objectCounter.Add(-1);
    }

    // xa_alloc with XA_FLAGS_ALLOC1: the lowest free id from 1.
    private T Insert<T>(T obj) where T : IommufdObject
    {
        uint id = 1;
        foreach (uint used in _objects.Keys)
        {
            if (used != id)
            {
                break;
            }

            id++;
        }

        obj.Id = id;
        _objects.Add(id, obj);
        _objectCounter.Add(1);
        return obj;
    }

    private IommufdIoas? FindIoas(uint id)
    {
        lock (_lock)
        {
            return _objects.TryGetValue(id, out IommufdObject? obj) ? obj as IommufdIoas : null;
        }
    }

    // iommufd_destroy -> iommufd_object_remove: unknown -ENOENT, still used -EBUSY.
    private int Destroy(uint id)
    {
        IommufdObject? obj;
        lock (_lock)
        {
            if (!_objects.TryGetValue(id, out obj))
            {
                return -ENOENT;
            }

            if (obj.Users != 1)
            {
                return -EBUSY;
            }

            _objects.Remove(id);

            // iommufd_object_remove: the compatibility IOAS goes with its object.
            if (_vfioIoas == obj)
            {
                _vfioIoas = null;
            }
        }

        obj.Destroy();
        _objectCounter.Add(-1);
        return 0;
    }

    // iommufd_ioas_alloc_ioctl: no flags (-EOPNOTSUPP).
    private int AllocateIoas(SimulatedProcess caller, ref iommu_ioas_alloc alloc, IoctlUserArgument user)
    {
        if (alloc.flags != 0)
        {
            return -EOPNOTSUPP;
        }

        IommufdIoas ioas;
        lock (_lock)
        {
            ioas = Insert(new IommufdIoas(this, _kernel.Counts.Counter(Areas)));
        }

        alloc.out_ioas_id = ioas.Id;
        return RespondNew(caller, user, ref alloc, ioas.Id);
    }

    // iommufd_ioas_iova_ranges: the holes go to allowed_iovas up to num_iovas; num_iovas says how many there
    // are, and the command goes back even when the array was too short (then -EMSGSIZE).
    private int IovaRanges(SimulatedProcess caller, ref iommu_ioas_iova_ranges ranges, IoctlUserArgument user)
    {
        if (ranges.__reserved != 0)
        {
            return -EOPNOTSUPP;
        }

        if (FindIoas(ranges.ioas_id) is not IommufdIoas ioas)
        {
            return -ENOENT;
        }

        uint max = ranges.num_iovas;
        ulong[] holes = ioas.UsableRanges();
        uint count = (uint)(holes.Length / 2);
        int size = Unsafe.SizeOf<iommu_iova_range>();
        for (uint i = 0; i < Math.Min(count, max); i++)
        {
            var range = new iommu_iova_range { start = holes[2 * i], last = holes[(2 * i) + 1] };
            if (caller.Memory.CopyToUser(ranges.allowed_iovas + (i * (ulong)size), MemoryMarshal.AsBytes(new ReadOnlySpan<iommu_iova_range>(in range))) < 0)
            {
                return -EFAULT;
            }
        }

        ranges.num_iovas = count;
        ranges.out_iova_alignment = ioas.IovaAlignment;
        int responded = Respond(caller, user, ref ranges);
        return responded < 0 ? responded : count > max ? -EMSGSIZE : 0;
    }

    // iommufd_ioas_map: flags (-EOPNOTSUPP), sizes (-EOVERFLOW), a direction (-EINVAL), the IOAS (-ENOENT), then iopt_map_user_pages.
    private int Map(SimulatedProcess caller, ref iommu_ioas_map map, IoctlUserArgument user)
    {
        uint fixedIova = (uint)iommufd_ioas_map_flags.IOMMU_IOAS_MAP_FIXED_IOVA;
        uint writeable = (uint)iommufd_ioas_map_flags.IOMMU_IOAS_MAP_WRITEABLE;
        uint readable = (uint)iommufd_ioas_map_flags.IOMMU_IOAS_MAP_READABLE;
        if ((map.flags & ~(fixedIova | writeable | readable)) != 0 || map.__reserved != 0)
        {
            return -EOPNOTSUPP;
        }

        if (map.iova == ulong.MaxValue || map.length == ulong.MaxValue)
        {
            return -EOVERFLOW;
        }

        if ((map.flags & (writeable | readable)) == 0)
        {
            return -EINVAL;
        }

        if (FindIoas(map.ioas_id) is not IommufdIoas ioas)
        {
            return -ENOENT;
        }

        ulong iova = map.iova;
        int mapped = ioas.Map(caller.Memory, map.user_va, map.length, (map.flags & readable) != 0, (map.flags & writeable) != 0, (map.flags & fixedIova) != 0, ref iova);
        if (mapped < 0)
        {
            return mapped;
        }

        map.iova = iova;
        return Respond(caller, user, ref map);
    }

    // vfio_compat.c:iommufd_vfio_ioas: __reserved (-EOPNOTSUPP); GET answers the compatibility IOAS (-ENODEV
    // when none), SET makes an existing IOAS it (-ENOENT), CLEAR drops it; any other op -EOPNOTSUPP.
    private int VfioIoas(SimulatedProcess caller, ref iommu_vfio_ioas vfio, IoctlUserArgument user)
    {
        if (vfio.__reserved != 0)
        {
            return -EOPNOTSUPP;
        }

        switch ((iommufd_vfio_ioas_op)vfio.op)
        {
            case iommufd_vfio_ioas_op.IOMMU_VFIO_IOAS_GET:
                lock (_lock)
                {
                    if (_vfioIoas is null)
                    {
                        return -ENODEV;
                    }

                    vfio.ioas_id = _vfioIoas.Id;
                }

                return Respond(caller, user, ref vfio);
            case iommufd_vfio_ioas_op.IOMMU_VFIO_IOAS_SET:
                if (FindIoas(vfio.ioas_id) is not IommufdIoas ioas)
                {
                    return -ENOENT;
                }

                lock (_lock)
                {
                    _vfioIoas = ioas;
                }

                return 0;
            case iommufd_vfio_ioas_op.IOMMU_VFIO_IOAS_CLEAR:
                lock (_lock)
                {
                    _vfioIoas = null;
                }

                return 0;
            default:
                return -EOPNOTSUPP;
        }
    }

    // iommufd_hwpt_alloc: __reserved (-EOPNOTSUPP); data_type NONE with data, or a type without, -EINVAL;
    // dev_id a bound device (-ENOENT); pt_id any object (-EINVAL when none). On an IOAS,
    // iommufd_hwpt_paging_alloc: the simulated IOMMU has no domain_alloc_paging_flags, so any flag or
    // driver data is -EOPNOTSUPP; then iopt_table_add_domain's checks. On a paging page table,
    // iommufd_hwpt_nested_alloc: no domain_alloc_nested, -EOPNOTSUPP. Anything else -EINVAL.
    private int AllocateHwpt(SimulatedProcess caller, ref iommu_hwpt_alloc alloc, IoctlUserArgument user)
    {
        if (alloc.__reserved != 0)
        {
            return -EOPNOTSUPP;
        }

        bool none = alloc.data_type == (uint)iommu_hwpt_data_type.IOMMU_HWPT_DATA_NONE;
        if (none == (alloc.data_len != 0))
        {
            return -EINVAL;
        }

        IommufdHwPagetable pagetable;
        lock (_lock)
        {
            if (!_objects.TryGetValue(alloc.dev_id, out IommufdObject? device) || device is not IommufdDevice)
            {
                return -ENOENT;
            }

            if (!_objects.TryGetValue(alloc.pt_id, out IommufdObject? target))
            {
                return -EINVAL;
            }

            if (target is not IommufdIoas ioas)
            {
                return target is IommufdHwPagetable ? -EOPNOTSUPP : -EINVAL;
            }

            if (alloc.flags != 0 || !none)
            {
                return -EOPNOTSUPP;
            }

            int added = ioas.AddDomain();
            if (added < 0)
            {
                return added;
            }

            pagetable = Insert(new IommufdHwPagetable(this, ioas, automatic: false));
        }

        alloc.out_hwpt_id = pagetable.Id;
        return RespondNew(caller, user, ref alloc, pagetable.Id);
    }

    // iommufd_get_hw_info: flags and __reserved (-EOPNOTSUPP), then a bound device (-ENOENT for any other id).
    // The simulated IOMMU has no hw_info op: out_data_type NONE, no data (data_len 0 back, the caller's
    // buffer zeroed up to its data_len, -EFAULT if it cannot be), PASID 0, and in out_capabilities only
    // PCI_ATS_NOT_SUPPORTED (no simulated device has ATS; the domain does no dirty tracking).
    private int GetHwInfo(SimulatedProcess caller, ref iommu_hw_info info, IoctlUserArgument user)
    {
        if ((info.flags & ~(uint)iommufd_hw_info_flags.IOMMU_HW_INFO_FLAG_INPUT_TYPE) != 0 ||
            info.__reserved[0] != 0 || info.__reserved[1] != 0 || info.__reserved[2] != 0)
        {
            return -EOPNOTSUPP;
        }

        lock (_lock)
        {
            if (!_objects.TryGetValue(info.dev_id, out IommufdObject? obj) || obj is not IommufdDevice)
            {
                return -ENOENT;
            }
        }

        // clear_user of the whole buffer, a page at a time (data_len is the caller's and may be large).
        Span<byte> zeros = stackalloc byte[(int)Page.Size];
        zeros.Clear();
        for (ulong done = 0; done < info.data_len;)
        {
            int chunk = (int)Math.Min((ulong)zeros.Length, info.data_len - done);
            if (caller.Memory.CopyToUser(info.data_uptr + done, zeros[..chunk]) < 0)
            {
                return -EFAULT;
            }

            done += (ulong)chunk;
        }

        info.out_data_type = (uint)iommu_hw_info_type.IOMMU_HW_INFO_TYPE_NONE;
        info.data_len = 0;
        info.out_capabilities = (ulong)iommufd_hw_capabilities.IOMMU_HW_CAP_PCI_ATS_NOT_SUPPORTED;
        info.out_max_pasid_log2 = 0;
        return Respond(caller, user, ref info);
    }

    // iommufd_ioas_allow_iovas: __reserved (-EOPNOTSUPP), the IOAS (-ENOENT), then iommufd_ioas_load_iovas
    // range by range — each copied (-EFAULT), start below last and clear of the ranges before it (-EINVAL) —
    // and iopt_set_allow_iova. No ranges lifts the limit.
    private int AllowIovas(SimulatedProcess caller, ref iommu_ioas_allow_iovas allow)
    {
        if (allow.__reserved != 0)
        {
            return -EOPNOTSUPP;
        }

        if (FindIoas(allow.ioas_id) is not IommufdIoas ioas)
        {
            return -ENOENT;
        }

        // Start -> last, so a new range meets its neighbours in address order.
        var loaded = new SortedList<ulong, ulong>();
        int size = Unsafe.SizeOf<iommu_iova_range>();
        for (uint i = 0; i < allow.num_iovas; i++)
        {
            iommu_iova_range range = default;
            if (caller.Memory.CopyFromUser(MemoryMarshal.AsBytes(new Span<iommu_iova_range>(ref range)), allow.allowed_iovas + (i * (ulong)size)) < 0)
            {
                return -EFAULT;
            }

            if (range.start >= range.last || Overlaps(loaded, range.start, range.last))
            {
                return -EINVAL;
            }

            loaded.Add(range.start, range.last);
        }

        return ioas.SetAllowedIovas([.. loaded.SelectMany(r => new[] { r.Key, r.Value })]);
    }

    // Whether [start, last] meets a range of the disjoint set (only the ranges either side of start can).
    private static bool Overlaps(SortedList<ulong, ulong> ranges, ulong start, ulong last)
    {
        int lo = 0, hi = ranges.Count - 1;
        while (lo <= hi)
        {
            int mid = (lo + hi) / 2;
            if (ranges.Keys[mid] <= start)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        // lo: the first range starting after start; the one before it may reach start.
        return (lo > 0 && ranges.Values[lo - 1] >= start) || (lo < ranges.Count && ranges.Keys[lo] <= last);
    }

    // iommufd_ioas_copy: flags (-EOPNOTSUPP), sizes (-EOVERFLOW), a direction (-EINVAL), the source IOAS
    // (-ENOENT) and its pages (iopt_get_pages), the destination IOAS (-ENOENT), then iopt_map_pages with
    // those same pages: a DMA through the copy reaches the memory the source area maps.
    private int Copy(SimulatedProcess caller, ref iommu_ioas_copy copy, IoctlUserArgument user)
    {
        uint fixedIova = (uint)iommufd_ioas_map_flags.IOMMU_IOAS_MAP_FIXED_IOVA;
        uint writeable = (uint)iommufd_ioas_map_flags.IOMMU_IOAS_MAP_WRITEABLE;
        uint readable = (uint)iommufd_ioas_map_flags.IOMMU_IOAS_MAP_READABLE;
        if ((copy.flags & ~(fixedIova | writeable | readable)) != 0)
        {
            return -EOPNOTSUPP;
        }

        if (copy.length == ulong.MaxValue || copy.src_iova == ulong.MaxValue || copy.dst_iova == ulong.MaxValue)
        {
            return -EOVERFLOW;
        }

        if ((copy.flags & (writeable | readable)) == 0)
        {
            return -EINVAL;
        }

        if (FindIoas(copy.src_ioas_id) is not IommufdIoas source)
        {
            return -ENOENT;
        }

        int got = source.GetPages(copy.src_iova, copy.length, out IommufdPagesSlice[] pages);
        if (got < 0)
        {
            return got;
        }

        if (FindIoas(copy.dst_ioas_id) is not IommufdIoas destination)
        {
            return -ENOENT;
        }

        ulong iova = copy.dst_iova;
        int mapped = destination.MapPages(pages, copy.length, (copy.flags & readable) != 0, (copy.flags & writeable) != 0, (copy.flags & fixedIova) != 0, ref iova);
        if (mapped < 0)
        {
            return mapped;
        }

        copy.dst_iova = iova;
        return Respond(caller, user, ref copy);
    }

    // iommufd_ioas_unmap: iova 0 with length U64_MAX unmaps everything; otherwise sizes (-EOVERFLOW), an empty
    // range (-EINVAL), and a range that unmapped nothing is -ENOENT. The bytes unmapped go back in length.
    private int Unmap(SimulatedProcess caller, ref iommu_ioas_unmap unmap, IoctlUserArgument user)
    {
        if (FindIoas(unmap.ioas_id) is not IommufdIoas ioas)
        {
            return -ENOENT;
        }

        ulong unmapped;
        if (unmap.iova == 0 && unmap.length == ulong.MaxValue)
        {
            ioas.Unmap(0, ulong.MaxValue, out unmapped);
        }
        else
        {
            if (unmap.iova == ulong.MaxValue || unmap.length == ulong.MaxValue)
            {
                return -EOVERFLOW;
            }

            if (unmap.length == 0)
            {
                return -EINVAL;
            }

            if (unmap.iova + (unmap.length - 1) < unmap.iova)
            {
                return -EOVERFLOW;
            }

            long result = ioas.Unmap(unmap.iova, unmap.iova + (unmap.length - 1), out unmapped);
            if (result < 0)
            {
                return (int)result;
            }

            if (unmapped == 0)
            {
                return -ENOENT;
            }
        }

        unmap.length = unmapped;
        return Respond(caller, user, ref unmap);
    }
}
