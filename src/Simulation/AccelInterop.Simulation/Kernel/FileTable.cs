using static AccelInterop.Runtime.Errors.Errno;

namespace AccelInterop.Simulation.Kernel;

/// <summary>
/// A process's descriptor table: the lowest free number is taken first, as in Linux. Lookups
/// are lock-free (they read a published array and take a file reference); changes take a lock.
/// </summary>
internal sealed class FileTable
{
    private readonly Lock _lock = new();
    private OpenFile?[] _slots;
    private int _count;
    private bool _closed;

    /// <param name="limit">The number of descriptors allowed (RLIMIT_NOFILE; Linux's default soft limit is 1024).</param>
    public FileTable(int limit)
    {
        Limit = limit;
        _slots = new OpenFile?[Math.Min(16, limit)];
    }

    public int Limit { get; }

    public int Count => Volatile.Read(ref _count);

    /// <summary>Whether a descriptor is free (the kernel checks this before opening anything).</summary>
    public bool HasRoom => Volatile.Read(ref _count) < Limit;

    /// <summary>
    /// Installs <paramref name="file"/> (whose reference the table takes over) at the lowest free
    /// number; -EMFILE when all <see cref="Limit"/> numbers are taken, -ESRCH once the process has
    /// exited (<see cref="RemoveAll"/>): the reference stays the caller's, who undoes its work.
    /// </summary>
    public int Install(OpenFile file)
    {
        lock (_lock)
        {
            if (_closed)
            {
                return -ESRCH;
            }

            OpenFile?[] slots = _slots;
            int fd = Array.IndexOf(slots, null);
            if (fd < 0 && slots.Length >= Limit)
            {
                return -EMFILE;
            }

            if (fd < 0)
            {
                fd = slots.Length;
                var grown = new OpenFile?[Math.Min(slots.Length * 2, Limit)];
                slots.CopyTo(grown, 0);
                Volatile.Write(ref _slots, grown);
                slots = grown;
            }

            Volatile.Write(ref slots[fd], file);
            _count++;
            return fd;
        }
    }

    /// <summary>The file at <paramref name="fd"/> with a reference the caller must drop, or null (EBADF).</summary>
    public OpenFile? Get(int fd)
    {
        while (true)
        {
            OpenFile?[] slots = Volatile.Read(ref _slots);
            if ((uint)fd >= (uint)slots.Length)
            {
                return null;
            }

            OpenFile? file = Volatile.Read(ref slots[fd]);
            if (file is null || !file.TryGet())
            {
                return null;
            }

            // Closed (and maybe reused) between the read and the reference: look again.
            if (ReferenceEquals(Volatile.Read(ref Volatile.Read(ref _slots)[fd]), file))
            {
                return file;
            }

            file.Put();
        }
    }

    /// <summary>Removes <paramref name="fd"/> and hands its reference to the caller; null when not open.</summary>
    public OpenFile? Remove(int fd)
    {
        lock (_lock)
        {
            OpenFile?[] slots = _slots;
            if ((uint)fd >= (uint)slots.Length || slots[fd] is not OpenFile file)
            {
                return null;
            }

            Volatile.Write(ref slots[fd], null);
            _count--;
            return file;
        }
    }

    /// <summary>
    /// exit_files: removes every descriptor, handing the references to the caller, and closes the
    /// table, so a call still in flight on another thread installs nothing afterwards.
    /// </summary>
    public List<OpenFile> RemoveAll()
    {
        lock (_lock)
        {
            _closed = true;
            var files = new List<OpenFile>();
            OpenFile?[] slots = _slots;
            for (int fd = 0; fd < slots.Length; fd++)
            {
                if (slots[fd] is OpenFile file)
                {
                    files.Add(file);
                    Volatile.Write(ref slots[fd], null);
                }
            }

            _count = 0;
            return files;
        }
    }
}
