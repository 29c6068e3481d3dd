using System.Buffers;
using System.Runtime.InteropServices;
using System.Text;
using AccelInterop.Runtime.Devices;
using AccelInterop.Simulation.DmaBufs;
using AccelInterop.Simulation.Fences;
using AccelInterop.Simulation.Kernel;
using AccelInterop.Simulation.Uapi.Drm;
using static AccelInterop.Runtime.Errors.Errno;
using static AccelInterop.Simulation.Uapi.Drm.Drm;

namespace AccelInterop.Simulation.Drm;

/// <summary>
/// The DRM core's ioctls (drm-core.md §1-§5; <c>drm_ioctl.c:drm_ioctls</c>), with arguments
/// read through the generated <c>drm.h</c> structs: VERSION, GET_CAP, SET_CLIENT_CAP,
/// GEM_CLOSE/FLINK/OPEN/CHANGE_HANDLE, PRIME, dumb buffers (<see cref="DrmDumbBuffers"/>), the
/// syncobj family; and GEM mmap by fake offset.
/// </summary>
public static class DrmCore
{
    private const uint DrmCloexec = 0x80000; // O_CLOEXEC
    private const uint DrmRdwr = 2;          // O_RDWR
    private const DrmIoctlFlags R = DrmIoctlFlags.RenderAllow;

    /// <summary>The core table (numbers from 0), shared by every device.</summary>
    public static IoctlTable<DrmFile, DrmIoctlFlags> Ioctls { get; } = DrmIoctlTable.Create<DrmFile>(0)
        .Define(DRM_IOCTL_VERSION, R, Version)
        .Define(DRM_IOCTL_GET_CAP, R, GetCap)
        .Define(DRM_IOCTL_SET_CLIENT_CAP, DrmIoctlFlags.None, SetClientCap)
        .Define(DRM_IOCTL_GEM_CLOSE, R, GemClose)
        .Define(DRM_IOCTL_GEM_FLINK, DrmIoctlFlags.Auth, GemFlink)
        .Define(DRM_IOCTL_GEM_OPEN, DrmIoctlFlags.Auth, GemOpen)
        .Define(DRM_IOCTL_GEM_CHANGE_HANDLE, R, static (DrmFile _, SimulatedProcess _, ref drm_gem_change_handle _) => -EINVAL)
        .Define(DRM_IOCTL_PRIME_HANDLE_TO_FD, R, PrimeHandleToFd)
        .Define(DRM_IOCTL_PRIME_FD_TO_HANDLE, R, PrimeFdToHandle)
        .Define(DRM_IOCTL_MODE_CREATE_DUMB, DrmIoctlFlags.None, DrmDumbBuffers.Create)
        .Define(DRM_IOCTL_MODE_MAP_DUMB, DrmIoctlFlags.None, DrmDumbBuffers.Map)
        .Define(DRM_IOCTL_MODE_DESTROY_DUMB, DrmIoctlFlags.None, DrmDumbBuffers.Destroy)
        .Define(DRM_IOCTL_SYNCOBJ_CREATE, R, SyncobjCreate)
        .Define(DRM_IOCTL_SYNCOBJ_DESTROY, R, SyncobjDestroy)
        .Define(DRM_IOCTL_SYNCOBJ_HANDLE_TO_FD, R, SyncobjHandleToFd)
        .Define(DRM_IOCTL_SYNCOBJ_FD_TO_HANDLE, R, SyncobjFdToHandle)
        .Define(DRM_IOCTL_SYNCOBJ_WAIT, R, SyncobjWait)
        .Define(DRM_IOCTL_SYNCOBJ_RESET, R, SyncobjReset)
        .Define(DRM_IOCTL_SYNCOBJ_SIGNAL, R, SyncobjSignal)
        .Define(DRM_IOCTL_SYNCOBJ_TIMELINE_WAIT, R, SyncobjTimelineWait)
        .Define(DRM_IOCTL_SYNCOBJ_QUERY, R, SyncobjQuery)
        .Define(DRM_IOCTL_SYNCOBJ_TRANSFER, R, SyncobjTransfer)
        .Define(DRM_IOCTL_SYNCOBJ_TIMELINE_SIGNAL, R, SyncobjTimelineSignal)
        .Define(DRM_IOCTL_SYNCOBJ_EVENTFD, R, SyncobjEventfd)
        // No simulated driver has DRIVER_MODESET: drm_mode_config.c:drm_mode_getresources refuses before reading anything.
        .Define(DRM_IOCTL_MODE_GETRESOURCES, DrmIoctlFlags.None, static (DrmFile _, SimulatedProcess _, ref drm_mode_card_res _) => -EOPNOTSUPP)
        // Legacy numbers the core still accepts and ignores (drm_ioctl.c:drm_ioctls, drm_noop), behind the permissions they keep.
        .Define(DRM_IOCTL_BLOCK, LegacyNoop, static (DrmFile _, SimulatedProcess _, ref drm_block _) => 0)
        .Define(DRM_IOCTL_UNBLOCK, LegacyNoop, static (DrmFile _, SimulatedProcess _, ref drm_block _) => 0)
        .Define(DRM_IOCTL_ADD_DRAW, LegacyNoop, static (DrmFile _, SimulatedProcess _, ref drm_draw _) => 0)
        .Define(DRM_IOCTL_RM_DRAW, LegacyNoop, static (DrmFile _, SimulatedProcess _, ref drm_draw _) => 0)
        .Define(DRM_IOCTL_FINISH, DrmIoctlFlags.Auth, static (DrmFile _, SimulatedProcess _, ref drm_lock _) => 0)
        .Define(DRM_IOCTL_UPDATE_DRAW, LegacyNoop, static (DrmFile _, SimulatedProcess _, ref drm_update_draw _) => 0);

    private const DrmIoctlFlags LegacyNoop = DrmIoctlFlags.Auth | DrmIoctlFlags.Master | DrmIoctlFlags.RootOnly;

    // §1 VERSION (drm_version, drm_copy_field): lengths always report the full string length.
    private static int Version(DrmFile file, SimulatedProcess caller, ref drm_version v)
    {
        DrmDriver driver = file.Device.Driver;
        v.version_major = driver.Major;
        v.version_minor = driver.Minor;
        v.version_patchlevel = driver.Patchlevel;
        int r = CopyField(caller, ref v.name_len, v.name, driver.Name);
        r = r < 0 ? r : CopyField(caller, ref v.date_len, v.date, driver.Date);
        return r < 0 ? r : CopyField(caller, ref v.desc_len, v.desc, driver.Description);
    }

    private static int CopyField(SimulatedProcess caller, ref nuint length, nuint buffer, string value)
    {
        // The driver's name, date and description are short constants: encode on the stack (VERSION allocates nothing).
        Span<byte> bytes = stackalloc byte[Encoding.ASCII.GetByteCount(value)];
        Encoding.ASCII.GetBytes(value, bytes);
        nuint n = Math.Min((nuint)bytes.Length, length);
        length = (nuint)bytes.Length;
        return n > 0 && buffer != 0 ? caller.Memory.CopyToUser(buffer, bytes[..(int)n]) : 0;
    }

    // §1 GET_CAP on a driver without modesetting.
    private static int GetCap(DrmFile file, SimulatedProcess caller, ref drm_get_cap c)
    {
        DrmDriver driver = file.Device.Driver;
        c.value = 0;
        switch (c.capability)
        {
            case DRM_CAP_TIMESTAMP_MONOTONIC:
                c.value = 1;
                return 0;
            case DRM_CAP_PRIME:
                c.value = 3; // DRM_PRIME_CAP_IMPORT | DRM_PRIME_CAP_EXPORT
                return 0;
            case DRM_CAP_SYNCOBJ:
                c.value = driver.HasFeature(DrmDriverFeatures.Syncobj) ? 1UL : 0;
                return 0;
            case DRM_CAP_SYNCOBJ_TIMELINE:
                c.value = driver.HasFeature(DrmDriverFeatures.SyncobjTimeline) ? 1UL : 0;
                return 0;
            default:
                return -EOPNOTSUPP;
        }
    }

    // drm_setclientcap (7.2): every client cap needs DRIVER_MODESET, which none of the modelled drivers has.
    private static int SetClientCap(DrmFile file, SimulatedProcess caller, ref drm_set_client_cap cap) => -EOPNOTSUPP;

    // §2 GEM_CLOSE: missing handle -> -EINVAL; pad unchecked.
    private static int GemClose(DrmFile file, SimulatedProcess caller, ref drm_gem_close close)
    {
        if (!file.Device.Driver.HasFeature(DrmDriverFeatures.Gem))
        {
            return -EOPNOTSUPP;
        }

        return file.DeleteHandle(close.handle);
    }

    // §2 GEM_FLINK / GEM_OPEN (DRM_AUTH): device-wide names, dropped with the last handle.
    private static int GemFlink(DrmFile file, SimulatedProcess caller, ref drm_gem_flink f)
    {
        if (!file.Device.Driver.HasFeature(DrmDriverFeatures.Gem))
        {
            return -EOPNOTSUPP;
        }

        GemObject? gem = file.LookupObject(f.handle);
        if (gem is null)
        {
            return -ENOENT;
        }

        f.name = file.Device.FlinkName(gem);
        gem.Put();
        return 0;
    }

    private static int GemOpen(DrmFile file, SimulatedProcess caller, ref drm_gem_open o)
    {
        if (!file.Device.Driver.HasFeature(DrmDriverFeatures.Gem))
        {
            return -EOPNOTSUPP;
        }

        GemObject? gem = file.Device.LookupFlinkName(o.name);
        if (gem is null)
        {
            return -ENOENT;
        }

        o.handle = file.CreateHandle(gem);
        o.size = gem.Size;
        gem.Put();
        return 0;
    }

    // §3 drm_gem_mmap: the node must start exactly at the offset, be granted to this file and be long enough.
    internal static int GemMmap(DrmFile file, nuint length, long offset, out MemoryMapping? mapping)
    {
        mapping = null;
        GemObject? gem = file.Device.LookupMmapOffset((ulong)offset);
        if (gem is null)
        {
            return -EINVAL;
        }

        if ((ulong)length > gem.Size || gem.Memory == 0)
        {
            gem.Put();
            return -EINVAL;
        }

        if (!gem.IsGranted(file))
        {
            gem.Put();
            return -EACCES;
        }

        mapping = new GemMapping(gem, gem.Memory, length);
        gem.OnMmap(gem.Memory);
        return 0;
    }

    // §4 PRIME_HANDLE_TO_FD.
    private static int PrimeHandleToFd(DrmFile file, SimulatedProcess caller, ref drm_prime_handle p)
    {
        if (!file.Device.Driver.HasFeature(DrmDriverFeatures.Gem))
        {
            return -EOPNOTSUPP;
        }

        if ((p.flags & ~(DrmCloexec | DrmRdwr)) != 0)
        {
            return -EINVAL;
        }

        DmaBuf buffer;
        lock (file.Device.PrimeLock)
        {
            GemObject? gem = file.LookupObject(p.handle);
            if (gem is null)
            {
                return -ENOENT;
            }

            try
            {
                if (file.PrimeLookup(p.handle) is DmaBuf cached && cached.File.TryGet())
                {
                    buffer = cached;
                }
                else if (gem.ImportedFrom is DmaBuf original && original.File.TryGet())
                {
                    buffer = original; // an imported object re-exports the original dma-buf
                    file.PrimeAdd(buffer, p.handle);
                }
                else if (gem.ExportedAs is DmaBuf exported && exported.File.TryGet())
                {
                    buffer = exported;
                    file.PrimeAdd(buffer, p.handle);
                }
                else
                {
                    int refused = gem.CanExport();
                    if (refused < 0)
                    {
                        return refused;
                    }

                    int made = GemPrimeExporter.Export(gem, (OpenFlags)(p.flags & DrmRdwr), out DmaBuf? created);
                    if (made < 0)
                    {
                        return made;
                    }

                    buffer = created!;
                    gem.ExportedAs = buffer;
                    file.PrimeAdd(buffer, p.handle);
                }
            }
            finally
            {
                gem.Put();
            }
        }

        int fd = caller.InstallExisting(buffer.File);
        buffer.File.Put();
        if (fd < 0)
        {
            return fd;
        }

        p.fd = fd;
        return 0;
    }

    // §4 PRIME_FD_TO_HANDLE.
    private static int PrimeFdToHandle(DrmFile file, SimulatedProcess caller, ref drm_prime_handle p)
    {
        if (!file.Device.Driver.HasFeature(DrmDriverFeatures.Gem))
        {
            return -EOPNOTSUPP;
        }

        int r = PrimeFdToHandle(file, caller, p.fd, out uint handle);
        if (r == 0)
        {
            p.handle = handle;
        }

        return r;
    }

    /// <summary>
    /// drm_gem_prime_fd_to_handle: the handle of the dma-buf <paramref name="fd"/> in <paramref name="file"/>
    /// (the cached one, the original object for a self-import, or a new import through the driver's
    /// <see cref="DrmDriver.ImportForeign"/>); drivers that import argument buffers call it too.
    /// </summary>
    internal static int PrimeFdToHandle(DrmFile file, SimulatedProcess caller, int fd, out uint handle)
    {
        handle = 0;
        int found = DmaBuf.Get(caller, fd, out DmaBuf? buffer);
        if (found < 0)
        {
            return found;
        }

        try
        {
            lock (file.Device.PrimeLock)
            {
                if (file.PrimeLookup(buffer!, out uint existing))
                {
                    handle = existing;
                    return 0;
                }

                GemObject gem;
                if (GemPrimeExporter.IsExportOf(buffer!, file.Device, out GemObject? own))
                {
                    gem = own!.Get(); // self-import: the original object
                }
                else
                {
                    int imported = file.Device.Driver.ImportForeign(file, buffer!, out GemObject? foreign);
                    if (imported < 0)
                    {
                        return imported;
                    }

                    gem = foreign!;
                }

                handle = file.CreateHandle(gem);
                gem.Put();
                file.PrimeAdd(buffer!, handle);
                return 0;
            }
        }
        finally
        {
            buffer!.File.Put();
        }
    }

    // §5 syncobj.
    private static bool NoSyncobj(DrmFile file) => !file.Device.Driver.HasFeature(DrmDriverFeatures.Syncobj);

    private static bool NoTimeline(DrmFile file) => !file.Device.Driver.HasFeature(DrmDriverFeatures.SyncobjTimeline);

    private static int SyncobjCreate(DrmFile file, SimulatedProcess caller, ref drm_syncobj_create c)
    {
        if (NoSyncobj(file))
        {
            return -EOPNOTSUPP;
        }

        if ((c.flags & ~(uint)DRM_SYNCOBJ_CREATE_SIGNALED) != 0)
        {
            return -EINVAL;
        }

        var syncobj = new DrmSyncobj(file.Device);
        if ((c.flags & DRM_SYNCOBJ_CREATE_SIGNALED) != 0)
        {
            syncobj.SignalStub();
        }

        c.handle = file.Syncobjs.Add(syncobj);
        return 0;
    }

    private static int SyncobjDestroy(DrmFile file, SimulatedProcess caller, ref drm_syncobj_destroy d)
    {
        if (NoSyncobj(file))
        {
            return -EOPNOTSUPP;
        }

        if (d.pad != 0)
        {
            return -EINVAL;
        }

        DrmSyncobj? syncobj;
        lock (file.Syncobjs)
        {
            syncobj = file.Syncobjs.Remove(d.handle);
        }

        if (syncobj is null)
        {
            return -EINVAL;
        }

        syncobj.Put();
        return 0;
    }

    private static int SyncobjHandleToFd(DrmFile file, SimulatedProcess caller, ref drm_syncobj_handle h)
    {
        if (NoSyncobj(file))
        {
            return -EOPNOTSUPP;
        }

        const uint exportSyncFile = DRM_SYNCOBJ_HANDLE_TO_FD_FLAGS_EXPORT_SYNC_FILE, timeline = DRM_SYNCOBJ_HANDLE_TO_FD_FLAGS_TIMELINE;
        if (h.pad != 0 || (h.flags & ~(exportSyncFile | timeline)) != 0)
        {
            return -EINVAL;
        }

        ulong point = (h.flags & timeline) != 0 ? h.point : 0;
        if ((h.flags & exportSyncFile) != 0)
        {
            DrmSyncobj? source = file.FindSyncobj(h.handle);
            if (source is null)
            {
                return -ENOENT;
            }

            DmaFence? fence = source.FindFence(point);
            source.Put();
            if (fence is null)
            {
                return -EINVAL;
            }

            int sfd = SyncFile.Install(caller, fence);
            fence.Put();
            if (sfd < 0)
            {
                return sfd;
            }

            h.fd = sfd;
            return 0;
        }

        if (h.point != 0)
        {
            return -EINVAL;
        }

        DrmSyncobj? syncobj = file.FindSyncobj(h.handle);
        if (syncobj is null)
        {
            return -EINVAL;
        }

        var shared = new SyncobjFile(syncobj);
        syncobj.Put();
        int fd = caller.InstallFile(shared, OpenFlags.ReadWrite | OpenFlags.CloseOnExec);
        if (fd < 0)
        {
            return fd;
        }

        h.fd = fd;
        return 0;
    }

    private static int SyncobjFdToHandle(DrmFile file, SimulatedProcess caller, ref drm_syncobj_handle h)
    {
        if (NoSyncobj(file))
        {
            return -EOPNOTSUPP;
        }

        const uint importSyncFile = DRM_SYNCOBJ_FD_TO_HANDLE_FLAGS_IMPORT_SYNC_FILE, timeline = DRM_SYNCOBJ_FD_TO_HANDLE_FLAGS_TIMELINE;
        if (h.pad != 0 || (h.flags & ~(importSyncFile | timeline)) != 0)
        {
            return -EINVAL;
        }

        ulong point = (h.flags & timeline) != 0 ? h.point : 0;
        if ((h.flags & importSyncFile) != 0)
        {
            DmaFence? fence = SyncFile.GetFence(caller, h.fd);
            if (fence is null)
            {
                return -EINVAL;
            }

            DrmSyncobj? target = file.FindSyncobj(h.handle);
            if (target is null)
            {
                fence.Put();
                return -ENOENT;
            }

            if (point == 0)
            {
                target.ReplaceFence(fence);
            }
            else
            {
                target.AddPoint(point, fence);
            }

            fence.Put();
            target.Put();
            return 0;
        }

        if (h.point != 0)
        {
            return -EINVAL;
        }

        OpenFile? opened = caller.GetFile(h.fd);
        if (opened is null)
        {
            return -EINVAL;
        }

        try
        {
            if (opened.Operations is not SyncobjFile shared)
            {
                return -EINVAL;
            }

            h.handle = file.Syncobjs.Add(shared.Syncobj.Get());
            return 0;
        }
        finally
        {
            opened.Put();
        }
    }

    // Element sizes of the kernel's arrays on a 64-bit kernel: handles (u32), syncobj pointers,
    // points (u64) and struct syncobj_wait_entry (list_head 16, task 8, fence 8, dma_fence_cb 24, point 8).
    private const ulong HandleBytes = 4;
    private const ulong PointerBytes = 8;
    private const ulong PointBytes = 8;
    private const ulong WaitEntryBytes = 64;
    private const int StackHandles = 64;

    // drm_syncobj_array_find: kmalloc_array of the handles (-ENOMEM, before anything is allocated),
    // copy them (-EFAULT), kmalloc_objs of the pointers (-ENOMEM), look each up (-ENOENT);
    // references in the result.
    private static int FindArray(DrmFile file, SimulatedProcess caller, ulong handles, uint count, out DrmSyncobj[] found)
    {
        found = [];
        if (!Kmalloc.ArrayFits(count, HandleBytes))
        {
            return -ENOMEM;
        }

        Span<uint> raw = count <= StackHandles ? stackalloc uint[StackHandles] : new uint[count];
        raw = raw[..(int)count];
        if (caller.Memory.CopyFromUser(MemoryMarshal.AsBytes(raw), handles) < 0)
        {
            return -EFAULT;
        }

        if (!Kmalloc.ArrayFits(count, PointerBytes))
        {
            return -ENOMEM;
        }

        DrmSyncobj[] result = SyncobjArray(count);
        for (int i = 0; i < raw.Length; i++)
        {
            DrmSyncobj? s = file.FindSyncobj(raw[i]);
            if (s is null)
            {
                for (int j = 0; j < i; j++)
                {
                    result[j].Put();
                }

                Array.Clear(result);
                return -ENOENT;
            }

            result[i] = s;
        }

        found = result;
        return 0;
    }

    // kmalloc_array of the points (-ENOMEM), then copy_from_user (-EFAULT); no user array = zeros.
    private static int ReadPoints(SimulatedProcess caller, ulong points, uint count, out ulong[] values)
    {
        values = [];
        if (!Kmalloc.ArrayFits(count, PointBytes))
        {
            return -ENOMEM;
        }

        values = new ulong[count];
        return points == 0 ? 0 : caller.Memory.CopyFromUser(MemoryMarshal.AsBytes(values.AsSpan()), points);
    }

    private static void PutAll(DrmSyncobj[] syncobjs)
    {
        foreach (DrmSyncobj s in syncobjs)
        {
            s.Put();
        }

        Array.Clear(syncobjs); // a reused array holds no reference past its call
    }

    private const int ReusedArrayMax = 16;

    // Each thread's arrays of 1..16 syncobjs and of zero points, reused call after call: a thread is in
    // one ioctl at a time, so the waits a program makes in a loop allocate nothing (the kernel's kmalloc
    // of a few entries comes from a slab cache, not a fresh page either).
    [ThreadStatic] private static DrmSyncobj[]?[]? t_syncobjArrays;
    [ThreadStatic] private static ulong[]? t_zeroPoints;

    private static DrmSyncobj[] SyncobjArray(uint count)
    {
        if (count > ReusedArrayMax)
        {
            return new DrmSyncobj[count];
        }

        DrmSyncobj[]?[] arrays = t_syncobjArrays ??= new DrmSyncobj[ReusedArrayMax + 1][];
        return arrays[count] ??= new DrmSyncobj[count];
    }

    /// <summary>Point 0 for every syncobj of a binary wait (read only).</summary>
    private static ulong[] ZeroPoints(int count) =>
        count > ReusedArrayMax ? new ulong[count] : t_zeroPoints ??= new ulong[ReusedArrayMax];

    private static int SyncobjWait(DrmFile file, SimulatedProcess caller, ref drm_syncobj_wait w)
    {
        if (NoSyncobj(file))
        {
            return -EOPNOTSUPP;
        }

        const uint possible = DRM_SYNCOBJ_WAIT_FLAGS_WAIT_ALL | DRM_SYNCOBJ_WAIT_FLAGS_WAIT_FOR_SUBMIT | DRM_SYNCOBJ_WAIT_FLAGS_WAIT_DEADLINE;
        if ((w.flags & ~possible) != 0)
        {
            return -EINVAL;
        }

        if (w.count_handles == 0)
        {
            return 0;
        }

        int r = FindArray(file, caller, w.handles, w.count_handles, out DrmSyncobj[] syncobjs);
        if (r < 0)
        {
            return r;
        }

        r = WaitArray(file, syncobjs, ZeroPoints(syncobjs.Length), w.flags, w.timeout_nsec, out uint first);
        PutAll(syncobjs);
        if (r == 0)
        {
            w.first_signaled = first;
        }

        return r;
    }

    private static int SyncobjTimelineWait(DrmFile file, SimulatedProcess caller, ref drm_syncobj_timeline_wait w)
    {
        if (NoTimeline(file))
        {
            return -EOPNOTSUPP;
        }

        const uint possible = DRM_SYNCOBJ_WAIT_FLAGS_WAIT_ALL | DRM_SYNCOBJ_WAIT_FLAGS_WAIT_FOR_SUBMIT |
            DRM_SYNCOBJ_WAIT_FLAGS_WAIT_AVAILABLE | DRM_SYNCOBJ_WAIT_FLAGS_WAIT_DEADLINE;
        if ((w.flags & ~possible) != 0)
        {
            return -EINVAL;
        }

        if (w.count_handles == 0)
        {
            return 0;
        }

        int r = FindArray(file, caller, w.handles, w.count_handles, out DrmSyncobj[] syncobjs);
        if (r < 0)
        {
            return r;
        }

        r = ReadPoints(caller, w.points, w.count_handles, out ulong[] points);
        if (r == 0)
        {
            r = WaitArray(file, syncobjs, points, w.flags, w.timeout_nsec, out uint first);
            if (r == 0)
            {
                w.first_signaled = first;
            }
        }

        PutAll(syncobjs);
        return r;
    }

    private struct SyncobjArrayCondition : IWaitCondition
    {
        public DrmSyncobj[] Syncobjs;
        public ulong[] Points;
        public uint Flags;
        public uint First;
        public bool Invalid;

        public bool IsSatisfied()
        {
            bool all = (Flags & DRM_SYNCOBJ_WAIT_FLAGS_WAIT_ALL) != 0;
            bool available = (Flags & DRM_SYNCOBJ_WAIT_FLAGS_WAIT_AVAILABLE) != 0;
            bool forSubmit = (Flags & (DRM_SYNCOBJ_WAIT_FLAGS_WAIT_FOR_SUBMIT | DRM_SYNCOBJ_WAIT_FLAGS_WAIT_AVAILABLE)) != 0;
            int done = 0;
            for (int i = 0; i < Syncobjs.Length; i++)
            {
                (bool exists, bool signaled) = Syncobjs[i].State(Points[i]);
                if (!exists && !forSubmit)
                {
                    Invalid = true;
                    return true;
                }

                if (exists && (signaled || available))
                {
                    if (done == 0)
                    {
                        First = (uint)i;
                    }

                    done++;
                    if (!all)
                    {
                        return true;
                    }
                }
            }

            return done == Syncobjs.Length;
        }
    }

    // drm_syncobj_array_wait_timeout: absolute CLOCK_MONOTONIC timeout; 0 or past = poll; -ETIME when not satisfied.
    private static int WaitArray(DrmFile file, DrmSyncobj[] syncobjs, ulong[] points, uint flags, long timeoutNsec, out uint first)
    {
        first = 0;
        if (!Kmalloc.ArrayFits((ulong)syncobjs.Length, WaitEntryBytes))
        {
            return -ENOMEM; // drm_syncobj_array_wait_timeout: kzalloc_objs of the wait entries
        }

        SimulatedKernel kernel = file.Device.Kernel;
        var condition = new SyncobjArrayCondition { Syncobjs = syncobjs, Points = points, Flags = flags };
        long deadline = timeoutNsec <= 0 ? 0 : timeoutNsec;
        int r = kernel.WaitUntil(ref condition, deadline);
        first = condition.First;
        return condition.Invalid ? -EINVAL : r;
    }

    private static int SyncobjReset(DrmFile file, SimulatedProcess caller, ref drm_syncobj_array a) => ForArray(file, caller, ref a, static s => s.ReplaceFence(null));

    private static int SyncobjSignal(DrmFile file, SimulatedProcess caller, ref drm_syncobj_array a) => ForArray(file, caller, ref a, static s => s.SignalStub());

    private static int ForArray(DrmFile file, SimulatedProcess caller, ref drm_syncobj_array a, Action<DrmSyncobj> action)
    {
        if (NoSyncobj(file))
        {
            return -EOPNOTSUPP;
        }

        if (a.pad != 0 || a.count_handles == 0)
        {
            return -EINVAL;
        }

        int r = FindArray(file, caller, a.handles, a.count_handles, out DrmSyncobj[] syncobjs);
        if (r < 0)
        {
            return r;
        }

        foreach (DrmSyncobj s in syncobjs)
        {
            action(s);
        }

        PutAll(syncobjs);
        return 0;
    }

    private static int SyncobjTimelineSignal(DrmFile file, SimulatedProcess caller, ref drm_syncobj_timeline_array a)
    {
        if (NoTimeline(file))
        {
            return -EOPNOTSUPP;
        }

        if (a.flags != 0 || a.count_handles == 0)
        {
            return -EINVAL;
        }

        int r = FindArray(file, caller, a.handles, a.count_handles, out DrmSyncobj[] syncobjs);
        if (r == 0)
        {
            r = ReadPoints(caller, a.points, a.count_handles, out ulong[] points);
            if (r == 0)
            {
                for (int i = 0; i < syncobjs.Length; i++)
                {
                    syncobjs[i].SignalStub(points[i], asPoint: true); // drm_syncobj_add_point, even for point 0
                }
            }

            PutAll(syncobjs);
        }

        return r;
    }

    private static int SyncobjQuery(DrmFile file, SimulatedProcess caller, ref drm_syncobj_timeline_array a)
    {
        if (NoTimeline(file))
        {
            return -EOPNOTSUPP;
        }

        if ((a.flags & ~(uint)DRM_SYNCOBJ_QUERY_FLAGS_LAST_SUBMITTED) != 0 || a.count_handles == 0)
        {
            return -EINVAL;
        }

        int r = FindArray(file, caller, a.handles, a.count_handles, out DrmSyncobj[] syncobjs);
        if (r < 0)
        {
            return r;
        }

        // drm_syncobj_query_ioctl: one copy_to_user per handle, stopping at the first fault.
        for (int i = 0; i < syncobjs.Length && r == 0; i++)
        {
            ulong point = syncobjs[i].Query((a.flags & DRM_SYNCOBJ_QUERY_FLAGS_LAST_SUBMITTED) != 0);
            r = caller.Memory.CopyToUser(a.points + (ulong)i * PointBytes, MemoryMarshal.AsBytes(new ReadOnlySpan<ulong>(in point))) < 0 ? -EFAULT : 0;
        }

        PutAll(syncobjs);
        return r;
    }

    private static int SyncobjTransfer(DrmFile file, SimulatedProcess caller, ref drm_syncobj_transfer t)
    {
        if (NoTimeline(file))
        {
            return -EOPNOTSUPP;
        }

        if (t.pad != 0)
        {
            return -EINVAL;
        }

        DrmSyncobj? destination = file.FindSyncobj(t.dst_handle);
        if (destination is null)
        {
            return -ENOENT;
        }

        DrmSyncobj? source = file.FindSyncobj(t.src_handle);
        if (source is null)
        {
            destination.Put();
            return -ENOENT;
        }

        DmaFence? fence = source.FindFence(t.src_point);
        source.Put();
        if (fence is null)
        {
            destination.Put();
            return -EINVAL;
        }

        if (t.dst_point != 0)
        {
            destination.AddPoint(t.dst_point, fence);
        }
        else
        {
            destination.ReplaceFence(fence);
        }

        fence.Put();
        destination.Put();
        return 0;
    }

    // EVENTFD (drm_syncobj_eventfd_ioctl): the eventfd is signalled when the point is signalled, or available.
    private static int SyncobjEventfd(DrmFile file, SimulatedProcess caller, ref drm_syncobj_eventfd e)
    {
        if (NoTimeline(file))
        {
            return -EOPNOTSUPP;
        }

        if ((e.flags & ~(uint)DRM_SYNCOBJ_WAIT_FLAGS_WAIT_AVAILABLE) != 0 || e.pad != 0)
        {
            return -EINVAL;
        }

        DrmSyncobj? syncobj = file.FindSyncobj(e.handle);
        if (syncobj is null)
        {
            return -ENOENT;
        }

        int found = EventFdContext.FromDescriptor(caller, e.fd, out EventFdContext? context);
        if (found == 0)
        {
            syncobj.AddEventfd(new SyncobjEventfd(context!, e.point, (e.flags & DRM_SYNCOBJ_WAIT_FLAGS_WAIT_AVAILABLE) != 0));
        }

        syncobj.Put();
        return found;
    }
}
