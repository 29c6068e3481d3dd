using System.Runtime.InteropServices;
using AccelInterop.Runtime.Devices;
using AccelInterop.Simulation.Kernel;
using static AccelInterop.Runtime.Errors.Errno;

namespace AccelInterop.Simulation.Mem;

/// <summary>
/// A memfd (<c>mm/memfd.c</c> over a shmem file): anonymous memory with a size set by ftruncate,
/// mappable, and sealable (<see cref="MemfdSeals"/>). Its memory never moves, so pins (udmabuf)
/// and mappings stay valid: the simulation reserves <see cref="Capacity"/> bytes of address
/// space up front (untouched pages cost nothing) and refuses to grow past it with -EFBIG.
/// </summary>
public sealed unsafe class MemfdFile : IFileOperations
{
    /// <summary>memfds of the kernel.</summary>
    public static readonly ObjectKind Memfds = new("memfds");

    /// <summary>The most a simulated memfd holds (64 MiB, udmabuf's default size limit).</summary>
    public const ulong Capacity = 64UL << 20;

    private const ulong PageSize = Page.Size;
    private readonly Lock _lock = new();
    private readonly ObjectCounter _counter;
    private ZeroedPages _pages;
    private ulong _size;
    private MemfdSeals _seals;
    private int _pins;
    private int _writableMappings;

    private MemfdFile(string name, MemfdSeals seals, ObjectCounter counter)
    {
        Name = name;
        _seals = seals;
        _counter = counter;
        counter.Add(1);
        _pages = ZeroedPages.Allocate(Capacity);
        Memory = _pages.Address;
    }

    public string Name { get; }

    /// <summary>The page-aligned start of the memory.</summary>
    public nint Memory { get; }

    public ulong Size
    {
        get
        {
            lock (_lock)
            {
                return _size;
            }
        }
    }

    public MemfdSeals Seals
    {
        get
        {
            lock (_lock)
            {
                return _seals;
            }
        }
    }

    /// <summary>memfd_create: unknown flags (and MFD_HUGETLB, not modelled) -EINVAL; otherwise the descriptor.</summary>
    internal static int Create(SimulatedProcess process, string name, MemfdFlags flags)
    {
        const MemfdFlags known = MemfdFlags.CloseOnExec | MemfdFlags.AllowSealing | MemfdFlags.NoExecSeal | MemfdFlags.Exec;
        if ((flags & ~known) != 0 || (flags & (MemfdFlags.NoExecSeal | MemfdFlags.Exec)) == (MemfdFlags.NoExecSeal | MemfdFlags.Exec))
        {
            return -EINVAL;
        }

        MemfdSeals seals = (flags & (MemfdFlags.AllowSealing | MemfdFlags.NoExecSeal)) != 0 ? MemfdSeals.None : MemfdSeals.Seal;
        if ((flags & MemfdFlags.NoExecSeal) != 0)
        {
            seals |= MemfdSeals.Exec;
        }

        var file = new MemfdFile(name, seals, process.Kernel.Counts.Counter(Memfds));
        OpenFlags fileFlags = OpenFlags.ReadWrite | ((flags & MemfdFlags.CloseOnExec) != 0 ? OpenFlags.CloseOnExec : 0);
        return process.InstallFile(file, fileFlags, process.Kernel.CreateInode(Inode.ShmemFs, Inode.RegularFileMode));
    }

    /// <summary>ftruncate: F_SEAL_SHRINK / F_SEAL_GROW refuse with -EPERM; past <see cref="Capacity"/> -EFBIG.</summary>
    public int Truncate(ulong length)
    {
        lock (_lock)
        {
            if ((length < _size && (_seals & MemfdSeals.Shrink) != 0) || (length > _size && (_seals & MemfdSeals.Grow) != 0))
            {
                return -EPERM;
            }

            if (length > Capacity)
            {
                return -EFBIG;
            }

            if (length < _size)
            {
                new Span<byte>((void*)(Memory + (nint)length), checked((int)(_size - length))).Clear(); // truncated pages read back as zeros
            }

            _size = length;
            return 0;
        }
    }

    /// <summary>
    /// memfd_add_seals: a file opened without write -EPERM; unknown seals -EINVAL; already
    /// F_SEAL_SEAL -EPERM; F_SEAL_WRITE while writable mappings exist or pages are pinned -EBUSY.
    /// </summary>
    public int AddSeals(OpenFile file, MemfdSeals seals)
    {
        ArgumentNullException.ThrowIfNull(file);
        if ((file.Flags & (OpenFlags.WriteOnly | OpenFlags.ReadWrite)) == 0)
        {
            return -EPERM;
        }

        if ((seals & ~MemfdSeals.All) != 0)
        {
            return -EINVAL;
        }

        lock (_lock)
        {
            if ((_seals & MemfdSeals.Seal) != 0)
            {
                return -EPERM;
            }

            if ((seals & MemfdSeals.Write) != 0 && (_seals & MemfdSeals.Write) == 0 && (_writableMappings > 0 || _pins > 0))
            {
                return -EBUSY; // mapping_deny_writable, memfd_wait_for_pins
            }

            _seals |= seals;
            return 0;
        }
    }

    /// <summary>memfd_pin_folios: pins [offset, offset + length) of the file; the range must lie below the size (-EINVAL).</summary>
    public int Pin(ulong offset, ulong length)
    {
        lock (_lock)
        {
            ulong end = offset + length - 1;
            if ((long)offset < 0 || length == 0 || end < offset || end >= _size)
            {
                return -EINVAL;
            }

            _pins++;
            return 0;
        }
    }

    public void Unpin()
    {
        lock (_lock)
        {
            _pins--;
        }
    }

    // shmem_mmap with the seal check of memfd_check_seals_mmap: a writable mapping of a write-sealed file -EPERM.
    int IFileOperations.Mmap(OpenFile file, SimulatedProcess caller, nuint length, MemoryProtection protection, long offset, out MemoryMapping? mapping)
    {
        mapping = null;
        bool writable = (protection & MemoryProtection.Write) != 0;
        lock (_lock)
        {
            if (writable && (_seals & (MemfdSeals.Write | MemfdSeals.FutureWrite)) != 0)
            {
                return -EPERM;
            }

            if (length > Capacity || (ulong)offset > Capacity - length) // offset + length, without wrapping
            {
                return -ENOMEM;
            }

            if (writable)
            {
                _writableMappings++;
            }
        }

        mapping = new Mapping(this, Memory + (nint)offset, length, writable);
        return 0;
    }

    void IFileOperations.Release(OpenFile file)
    {
        _pages.Free();
        _pages = default;
        _counter.Add(-1);
    }

    public override string ToString() => $"memfd:{Name} ({Size} bytes)";

    private sealed class Mapping(MemfdFile memfd, nint address, nuint length, bool writable) : MemoryMapping(address, length)
    {
        protected internal override void OnUnmap()
        {
            if (writable)
            {
                lock (memfd._lock)
                {
                    memfd._writableMappings--;
                }
            }
        }
    }
}
