using System.Runtime.InteropServices;
using AccelInterop.Simulation.Drm;
using AccelInterop.Simulation.Fences;
using AccelInterop.Simulation.Kernel;
using AccelInterop.Simulation.Uapi.Xe;
using static AccelInterop.Runtime.Errors.Errno;
using static AccelInterop.Simulation.Uapi.Xe.Xe;

namespace AccelInterop.Simulation.Xe;

/// <summary>
/// One parsed <c>drm_xe_sync</c> (<c>xe_sync.c:struct xe_sync_entry</c>): a binary or timeline
/// syncobj to wait on (its fence, with a reference) or to signal, or a user fence. Parsed with
/// the rules of xe.md §9 (<c>xe_sync_entry_parse</c>); <see cref="Cleanup"/> drops what it holds.
/// </summary>
internal sealed class XeSyncEntry
{
    public uint Type { get; private set; }
    public bool Signal { get; private set; }
    public DrmSyncobj? Syncobj { get; private set; }

    /// <summary>The in-fence of a wait entry (a reference).</summary>
    public DmaFence? Fence { get; private set; }
    public ulong TimelineValue { get; private set; }
    public ulong Address { get; private set; }

    public bool IsUserFence => Type == DRM_XE_SYNC_TYPE_USER_FENCE;

    /// <summary>How the entry is parsed: for EXEC (a user fence is written by the ring), in an LR VM, or where user fences are refused.</summary>
    [Flags]
    public enum ParseFlags
    {
        None = 0,
        Exec = 1,
        LongRunning = 2,
        DisallowUserFence = 4,
    }

    /// <summary>Parses the sync at user address <paramref name="address"/> into <paramref name="entry"/>: 0 or -errno (the entry then holds nothing).</summary>
    public static int Parse(XeFile file, SimulatedProcess caller, ulong address, ParseFlags flags, XeSyncEntry entry)
    {
        drm_xe_sync sync = default;
        if (caller.Memory.CopyFromUser(MemoryMarshal.AsBytes(new Span<drm_xe_sync>(ref sync)), address) < 0)
        {
            return -EFAULT;
        }

        if ((sync.flags & ~DRM_XE_SYNC_FLAG_SIGNAL) != 0 || sync.reserved[0] != 0 || sync.reserved[1] != 0)
        {
            return -EINVAL;
        }

        bool signal = (sync.flags & DRM_XE_SYNC_FLAG_SIGNAL) != 0;
        XeSyncEntry parsed = entry;
        parsed.Type = sync.type;
        parsed.Signal = signal;
        parsed.TimelineValue = sync.timeline_value;
        parsed.Address = 0;
        switch (sync.type)
        {
            case DRM_XE_SYNC_TYPE_SYNCOBJ:
            case DRM_XE_SYNC_TYPE_TIMELINE_SYNCOBJ:
                {
                    bool timeline = sync.type == DRM_XE_SYNC_TYPE_TIMELINE_SYNCOBJ;
                    if ((flags & ParseFlags.LongRunning) != 0 && signal)
                    {
                        return -EOPNOTSUPP;
                    }

                    if ((sync.addr >> 32) != 0 || (timeline && sync.timeline_value == 0))
                    {
                        return -EINVAL;
                    }

                    parsed.Syncobj = file.File.FindSyncobj(sync.handle);
                    if (parsed.Syncobj is null)
                    {
                        return -ENOENT;
                    }

                    if (!signal)
                    {
                        // drm_syncobj_fence_get, then for a timeline dma_fence_chain_find_seqno: a
                        // point not yet submitted is -EINVAL, as is an empty syncobj.
                        DmaFence? fence = parsed.Syncobj.HasFence ? parsed.Syncobj.FindFence(timeline ? sync.timeline_value : 0) : null;
                        if (fence is null)
                        {
                            parsed.Cleanup();
                            return -EINVAL;
                        }

                        parsed.Fence = fence;
                    }

                    break;
                }

            case DRM_XE_SYNC_TYPE_USER_FENCE:
                if ((flags & ParseFlags.DisallowUserFence) != 0 || !signal)
                {
                    return -EOPNOTSUPP;
                }

                if ((sync.addr & 7) != 0)
                {
                    return -EINVAL;
                }

                parsed.Address = sync.addr;
                break;
            default:
                return -EINVAL;
        }

        return 0;
    }

    /// <summary>
    /// xe_sync_entry_signal: a signal entry gets <paramref name="fence"/> — replacing a binary
    /// syncobj's fence, or as point <see cref="TimelineValue"/>. (A user fence is the caller's:
    /// EXEC's ring writes it, VM_BIND's worker does.)
    /// </summary>
    public void SignalWith(DmaFence fence)
    {
        if (!Signal || Syncobj is null)
        {
            return;
        }

        if (Type == DRM_XE_SYNC_TYPE_TIMELINE_SYNCOBJ)
        {
            Syncobj.AddPoint(TimelineValue, fence);
        }
        else
        {
            Syncobj.ReplaceFence(fence);
        }
    }

    /// <summary>xe_sync_entry_cleanup.</summary>
    public void Cleanup()
    {
        Syncobj?.Put();
        Syncobj = null;
        Fence?.Put();
        Fence = null;
    }

    // Entries a thread reuses for the syncs of one ioctl at a time (cleaned up before the ioctl returns),
    // so the per-command path allocates none; a longer list gets entries of its own.
    private const int ReusedEntries = 16;

    [ThreadStatic]
    private static XeSyncEntry[]? t_entries;

    /// <summary>
    /// Parses <paramref name="count"/> syncs from the user array at <paramref name="address"/>; on error
    /// every parsed entry is cleaned up. The entries are valid until <see cref="CleanupAll"/> at the end
    /// of the same ioctl (they may be the calling thread's reused ones).
    /// </summary>
    public static int ParseAll(XeFile file, SimulatedProcess caller, ulong address, uint count, ParseFlags flags, out ReadOnlySpan<XeSyncEntry> entries)
    {
        entries = [];
        XeSyncEntry[] slots;
        if (count <= ReusedEntries)
        {
            slots = t_entries ??= NewEntries(ReusedEntries);
        }
        else
        {
            slots = NewEntries((int)count);
        }

        int userFences = 0;
        for (int i = 0; i < (int)count; i++)
        {
            int r = Parse(file, caller, address + (ulong)i * (ulong)Marshal.SizeOf<drm_xe_sync>(), flags, slots[i]);
            if (r < 0)
            {
                CleanupAll(slots.AsSpan(0, i + 1));
                return r;
            }

            userFences += slots[i].IsUserFence ? 1 : 0;
        }

        if (userFences > 1)
        {
            CleanupAll(slots.AsSpan(0, (int)count));
            return -EINVAL;
        }

        entries = slots.AsSpan(0, (int)count);
        return 0;
    }

    private static XeSyncEntry[] NewEntries(int count)
    {
        var entries = new XeSyncEntry[count];
        for (int i = 0; i < count; i++)
        {
            entries[i] = new XeSyncEntry();
        }

        return entries;
    }

    public static void CleanupAll(ReadOnlySpan<XeSyncEntry> entries)
    {
        foreach (XeSyncEntry entry in entries)
        {
            entry.Cleanup();
        }
    }

    /// <summary>The user-fence entry among <paramref name="entries"/>, or null.</summary>
    public static XeSyncEntry? UserFence(ReadOnlySpan<XeSyncEntry> entries)
    {
        foreach (XeSyncEntry entry in entries)
        {
            if (entry.IsUserFence)
            {
                return entry;
            }
        }

        return null;
    }
}
