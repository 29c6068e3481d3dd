using System.Diagnostics;
using AccelInterop.Runtime.Devices;
using AccelInterop.Runtime.Errors;

namespace AccelInterop.Simulation.Kernel;

/// <summary>
/// A process of the simulated kernel and the backend its device files use: a descriptor table,
/// mappings, the user memory the kernel may read, and its credentials. Descriptors can be
/// passed to another process, which then shares the open file, as over a unix socket.
/// </summary>
public sealed unsafe class SimulatedProcess : IKernelBackend, IDeviceMemoryBackend
{
    private const long PageSize = (long)Page.Size;

    /// <summary>Linux's default soft RLIMIT_NOFILE.</summary>
    public const int DefaultDescriptorLimit = 1024;

    private readonly FileTable _files;
    private readonly Lock _mappingLock = new();
    // A list, not a map by address: the simulation hands out the object's own memory, so two
    // mappings of one object share an address (munmap removes the newest).
    private readonly List<(MemoryMapping Mapping, OpenFile File)> _mappings = [];
    private int _exited;

    internal SimulatedProcess(SimulatedKernel kernel, int pid, string name, bool hasSysAdmin, int descriptorLimit)
    {
        _files = new FileTable(descriptorLimit);
        Kernel = kernel;
        Pid = pid;
        Name = name;
        HasSysAdmin = hasSysAdmin;
    }

    public SimulatedKernel Kernel { get; }
    public int Pid { get; }
    public string Name { get; }

    /// <summary>CAP_SYS_ADMIN.</summary>
    public bool HasSysAdmin { get; }

    public UserMemory Memory { get; } = new();

    public int OpenDescriptorCount => _files.Count;

    public int MappingCount
    {
        get
        {
            lock (_mappingLock)
            {
                return _mappings.Count;
            }
        }
    }

    public bool HasExited => Volatile.Read(ref _exited) != 0;

    public SysResult Open(string path, OpenFlags flags)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (HasExited)
        {
            return SysResult.Failure(Errno.ESRCH);
        }

        // As in the kernel, a free descriptor is found before the path is even looked up.
        if (!_files.HasRoom)
        {
            return SysResult.Failure(Errno.EMFILE);
        }

        if (Kernel.FindDeviceNode(path) is not (ICharacterDevice device, Inode inode))
        {
            return SysResult.Failure(Errno.ENOENT);
        }

        int opened = device.Open(this, flags, out IFileOperations? operations);
        if (opened < 0)
        {
            return SysResult.FromKernelReturn(opened);
        }

        return SysResult.FromKernelReturn(InstallOrRelease(new OpenFile(Kernel, operations!, flags, inode, openedByPath: true)));
    }

    public SysResult Close(int fd)
    {
        if (_files.Remove(fd) is not OpenFile file)
        {
            return SysResult.Failure(Errno.EBADF);
        }

        file.Put();
        return SysResult.Success();
    }

    /// <summary>False: an undisposed descriptor or mapping stays until <see cref="Exit"/>, never closed by a finalizer (see <see cref="IKernelBackend.ReleasesFromFinalizer"/>).</summary>
    public bool ReleasesFromFinalizer => false;

    /// <summary>False for an EINTR this thread's last call got from a wait nothing could ever end (see <see cref="SimulatedKernel.WaitUntil"/>).</summary>
    public bool MayRepeat(Errno error) => !SimulatedKernel.TakeStalled() || error != Errno.EINTR;

    /// <summary>
    /// ioctl(2) with an argument of <paramref name="argumentLength"/> bytes at <paramref name="argument"/>
    /// (what <see cref="DeviceFile"/> passes for a typed or span argument): the kernel may copy
    /// inside that range or registered memory; anything else is -EFAULT.
    /// </summary>
    public SysResult Ioctl(int fd, ulong request, void* argument, nuint argumentLength)
    {
        UserMemory.ArgumentWindow previous = Memory.EnterArgument((ulong)argument, argument == null ? 0 : argumentLength);
        try
        {
            return Ioctl(fd, request, argument);
        }
        finally
        {
            UserMemory.LeaveArgument(previous);
        }
    }

    // The syscall takes the command as an unsigned int: the upper half of a 64-bit request is dropped.
    // A bare pointer's extent is unknown: the kernel copies only inside registered memory (or the
    // range the length overload above described).
    public SysResult Ioctl(int fd, ulong request, void* argument)
    {
        SimulatedKernel.TakeStalled(); // a mark from an earlier call is not this call's
        if (_files.Get(fd) is not OpenFile file)
        {
            return SysResult.Failure(Errno.EBADF);
        }

        try
        {
            return SysResult.FromKernelReturn(KernelReturn.ToUser(file.Operations.Ioctl(file, this, (uint)request, (ulong)argument)));
        }
        finally
        {
            file.Put();
        }
    }

    public SysResult Read(int fd, Span<byte> buffer) =>
        OnFile(fd, buffer, static (file, caller, span) => file.Operations.Read(file, caller, span, 0));

    public SysResult Write(int fd, ReadOnlySpan<byte> buffer) =>
        OnFile(fd, buffer, static (file, caller, span) => file.Operations.Write(file, caller, span, 0));

    /// <summary>pread64: -EINVAL for a negative offset, -ESPIPE for a file without positional I/O, else the file's read at the offset.</summary>
    public SysResult PRead(int fd, Span<byte> buffer, long offset) =>
        OnFile(fd, new PositionalRead(buffer, offset), static (file, caller, call) =>
            call.Offset < 0 ? -Errno.EINVAL
            : !file.AllowsPositionalIo ? -Errno.ESPIPE
            : file.Operations.Read(file, caller, call.Buffer, call.Offset));

    /// <summary>pwrite64, with pread64's checks.</summary>
    public SysResult PWrite(int fd, ReadOnlySpan<byte> buffer, long offset) =>
        OnFile(fd, new PositionalWrite(buffer, offset), static (file, caller, call) =>
            call.Offset < 0 ? -Errno.EINVAL
            : !file.AllowsPositionalIo ? -Errno.ESPIPE
            : file.Operations.Write(file, caller, call.Buffer, call.Offset));

    /// <summary>A load through a mapping: device memory goes to its model, plain memory is read.</summary>
    public SysResult<ulong> LoadMapped(nint address, int size)
    {
        int result = FindMapping(address, size, out MemoryMapping? mapping);
        if (result == 0 && mapping is DeviceMemoryMapping device)
        {
            result = device.Load((ulong)(address - mapping.Address), size, out ulong value);
            return result < 0 ? SysResult<ulong>.Failure(Errno.FromKernelReturn(result)) : SysResult<ulong>.Success(value);
        }

        return result < 0 ? SysResult<ulong>.Failure(Errno.FromKernelReturn(result)) : SysResult<ulong>.Success(DeviceMemoryMapping.LoadPlain(address, size));
    }

    /// <summary>A store through a mapping: device memory goes to its model, plain memory is written.</summary>
    public SysResult StoreMapped(nint address, ulong value, int size)
    {
        int result = FindMapping(address, size, out MemoryMapping? mapping);
        if (result == 0)
        {
            if (mapping is DeviceMemoryMapping device)
            {
                result = device.Store((ulong)(address - mapping.Address), value, size);
            }
            else
            {
                DeviceMemoryMapping.StorePlain(address, value, size);
            }
        }

        return SysResult.FromKernelReturn(result);
    }

    /// <summary>eventfd2: a new <see cref="EventFdContext"/> file; unknown flags are EINVAL (<c>fs/eventfd.c:do_eventfd</c>).</summary>
    public SysResult EventFd(uint initialValue, EventFdFlags flags)
    {
        if ((flags & ~(EventFdFlags.Semaphore | EventFdFlags.NonBlocking | EventFdFlags.CloseOnExec)) != 0)
        {
            return SysResult.Failure(Errno.EINVAL);
        }

        var context = new EventFdContext(Kernel, initialValue, (flags & EventFdFlags.Semaphore) != 0);
        var fileFlags = OpenFlags.ReadWrite | (OpenFlags)(int)(flags & (EventFdFlags.NonBlocking | EventFdFlags.CloseOnExec));
        return SysResult.FromKernelReturn(InstallFile(context, fileFlags));
    }

    /// <summary>memfd_create: a new empty memfd (<see cref="Mem.MemfdFile"/>); its descriptor.</summary>
    public SysResult MemfdCreate(string name, Mem.MemfdFlags flags = Mem.MemfdFlags.None)
    {
        ArgumentNullException.ThrowIfNull(name);
        return SysResult.FromKernelReturn(Mem.MemfdFile.Create(this, name, flags));
    }

    /// <summary>ftruncate(2) of a memfd (other files: EINVAL).</summary>
    public SysResult Truncate(int fd, ulong length) =>
        OnFile(fd, length, static (file, _, size) => file.Operations is Mem.MemfdFile memfd ? memfd.Truncate(size) : -Errno.EINVAL);

    /// <summary>fcntl(F_ADD_SEALS) (files that are not memfds: EINVAL).</summary>
    public SysResult AddSeals(int fd, Mem.MemfdSeals seals) =>
        OnFile(fd, seals, static (file, _, added) => file.Operations is Mem.MemfdFile memfd ? memfd.AddSeals(file, added) : -Errno.EINVAL);

    /// <summary>fcntl(F_GET_SEALS): the seals as the value (files that are not memfds: EINVAL).</summary>
    public SysResult GetSeals(int fd) =>
        OnFile(fd, 0, static (file, _, _) => file.Operations is Mem.MemfdFile memfd ? (int)memfd.Seals : -Errno.EINVAL);

    public SysResult<FileStatus> Stat(int fd)
    {
        if (_files.Get(fd) is not OpenFile file)
        {
            return SysResult<FileStatus>.Failure(Errno.EBADF);
        }

        file.Put();
        return SysResult<FileStatus>.Success(file.Inode.Status);
    }

    /// <summary>
    /// mmap of a descriptor. The address hint is ignored and MAP_FIXED is refused (EINVAL): the
    /// simulation places mappings in its own memory.
    /// </summary>
    public SysResult<nint> Mmap(nint address, nuint length, MemoryProtection protection, MapFlags flags, int fd, long offset)
    {
        if (length == 0 || offset < 0 || offset % PageSize != 0 || (flags & MapFlags.Fixed) != 0 ||
            (flags & (MapFlags.Shared | MapFlags.Private)) == 0)
        {
            return SysResult<nint>.Failure(Errno.EINVAL);
        }

        if (_files.Get(fd) is not OpenFile file)
        {
            return SysResult<nint>.Failure(Errno.EBADF);
        }

        int result = MmapRange.Check(length, offset, out _, out _);
        if (result < 0)
        {
            file.Put();
            return SysResult<nint>.Failure(Errno.FromKernelReturn(result));
        }

        result = file.Operations.Mmap(file, this, length, protection, flags, offset, out MemoryMapping? mapping);
        if (result < 0)
        {
            file.Put();
            return SysResult<nint>.Failure(Errno.FromKernelReturn(result));
        }

        Debug.Assert(mapping is not null);
        lock (_mappingLock)
        {
            // The mapping keeps the file reference taken by the lookup, unless the process exited
            // meanwhile (exit_mmap has run): then the call undoes its mapping.
            if (!HasExited)
            {
                _mappings.Add((mapping, file));
                return SysResult<nint>.Success(mapping.Address);
            }
        }

        mapping.OnUnmap();
        file.Put();
        return SysResult<nint>.Failure(Errno.ESRCH);
    }

    /// <summary>
    /// munmap of a whole mapping. As on Linux, a range with no mapping is not an error; splitting
    /// a mapping (a length other than its own) is not modelled and gives EINVAL.
    /// </summary>
    public SysResult Munmap(nint address, nuint length)
    {
        if (address % PageSize != 0 || length == 0)
        {
            return SysResult.Failure(Errno.EINVAL);
        }

        (MemoryMapping Mapping, OpenFile File) entry;
        lock (_mappingLock)
        {
            int index = _mappings.FindLastIndex(m => m.Mapping.Address == address);
            if (index < 0)
            {
                return SysResult.Success();
            }

            entry = _mappings[index];
            if (entry.Mapping.Length != length)
            {
                return SysResult.Failure(Errno.EINVAL);
            }

            _mappings.RemoveAt(index);
        }

        entry.Mapping.OnUnmap();
        entry.File.Put();
        return SysResult.Success();
    }

    public SysResult Poll(Span<PollFd> fds, int timeoutMilliseconds)
    {
        long start = Stopwatch.GetTimestamp();
        while (true)
        {
            if (Kernel.IsFirmwareInline)
            {
                Kernel.RunFirmware(); // a poll is a scheduling point: inline firmware may raise what is waited for
            }

            long generation = Kernel.PollWakeup.Generation;
            int ready = 0;
            for (int i = 0; i < fds.Length; i++)
            {
                fds[i].ReturnedEvents = PollOne(fds[i]);
                if (fds[i].ReturnedEvents != PollEvents.None)
                {
                    ready++;
                }
            }

            if (ready > 0 || timeoutMilliseconds == 0)
            {
                return SysResult.Success(ready);
            }

            TimeSpan left = timeoutMilliseconds < 0
                ? Timeout.InfiniteTimeSpan
                : TimeSpan.FromMilliseconds(timeoutMilliseconds) - Stopwatch.GetElapsedTime(start);
            if (timeoutMilliseconds > 0 && left <= TimeSpan.Zero)
            {
                return SysResult.Success(0);
            }

            Kernel.PollWakeup.Wait(generation, left);
        }
    }

    /// <summary>
    /// Passes <paramref name="fd"/> to <paramref name="receiver"/> (SCM_RIGHTS): the receiver gets
    /// its lowest free descriptor for the same open file; the value is that descriptor.
    /// </summary>
    public SysResult SendFileDescriptor(int fd, SimulatedProcess receiver)
    {
        ArgumentNullException.ThrowIfNull(receiver);
        if (_files.Get(fd) is not OpenFile file)
        {
            return SysResult.Failure(Errno.EBADF);
        }

        if (receiver.HasExited || !ReferenceEquals(receiver.Kernel, Kernel))
        {
            file.Put();
            return SysResult.Failure(Errno.ESRCH);
        }

        return SysResult.FromKernelReturn(receiver.InstallOrRelease(file));
    }

    /// <summary>dup(2): a second descriptor for the same open file.</summary>
    public SysResult Dup(int fd) =>
        _files.Get(fd) is OpenFile file ? SysResult.FromKernelReturn(InstallOrRelease(file)) : SysResult.Failure(Errno.EBADF);

    /// <summary>
    /// The open file behind <paramref name="fd"/> (fdget) with a reference of the caller's own,
    /// which it drops with <see cref="KRef{TSelf}.Put"/> when done; null for a bad descriptor.
    /// </summary>
    public OpenFile? GetFile(int fd) => _files.Get(fd);

    /// <summary>
    /// Installs a new file in this process (for kernel code creating fds: an eventfd, a sync_file,
    /// a syncobj file): on the kernel's anonymous inode unless <paramref name="inode"/> is given
    /// (a dma-buf has its own); the descriptor, or -EMFILE after the file has been released again.
    /// </summary>
    public int InstallFile(IFileOperations operations, OpenFlags flags, Inode? inode = null)
    {
        ArgumentNullException.ThrowIfNull(operations);
        return InstallOrRelease(new OpenFile(Kernel, operations, flags, inode ?? Kernel.AnonymousInode));
    }

    /// <summary>
    /// Installs another reference to an existing open file (fd_install(get_file(f))): the new
    /// descriptor, or -EMFILE (the reference taken here is dropped again).
    /// </summary>
    public int InstallExisting(OpenFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        file.Get();
        return InstallOrRelease(file);
    }

    /// <summary>
    /// Process exit (do_exit): every mapping unmapped (exit_mmap), every descriptor closed
    /// (exit_files), every user-memory registration revoked (the address space is gone). Calls
    /// still in flight on other threads of the process see the exit and undo what they would
    /// have installed: a new descriptor or mapping is released again and the call fails with ESRCH.
    /// </summary>
    public void Exit()
    {
        if (Interlocked.Exchange(ref _exited, 1) != 0)
        {
            return;
        }

        List<(MemoryMapping Mapping, OpenFile File)> mappings;
        lock (_mappingLock)
        {
            mappings = [.. _mappings];
            _mappings.Clear();
        }

        foreach ((MemoryMapping mapping, OpenFile file) in mappings)
        {
            mapping.OnUnmap();
            file.Put();
        }

        foreach (OpenFile file in _files.RemoveAll())
        {
            file.Put();
        }

        Memory.RevokeAll();
        Kernel.Exited(this);
    }

    public override string ToString() => $"simulated process {Pid} ({Name})";

    /// <summary>
    /// find_vma's answer as a byte offset: the page of <paramref name="address"/> relative to the start
    /// of the first mapping that ends above it (wrapping, as the kernel's u64 subtraction does, when
    /// that mapping starts above the address), or 0 when no mapping ends above it.
    /// </summary>
    internal ulong VmaOffset(ulong address)
    {
        lock (_mappingLock)
        {
            MemoryMapping? first = null;
            foreach ((MemoryMapping mapping, OpenFile _) in _mappings)
            {
                ulong end = (ulong)mapping.Address + mapping.Length;
                if (end > address && (first is null || mapping.Address < first.Address))
                {
                    first = mapping;
                }
            }

            return first is null ? 0 : unchecked((address & ~(Page.Size - 1)) - (ulong)first.Address);
        }
    }

    // The mapping that holds [address, +size): -EFAULT when none does (a stray access; SIGSEGV on Linux).
    private int FindMapping(nint address, int size, out MemoryMapping? found)
    {
        lock (_mappingLock)
        {
            for (int i = _mappings.Count - 1; i >= 0; i--)
            {
                MemoryMapping mapping = _mappings[i].Mapping;
                if (address >= mapping.Address && (nuint)(address - mapping.Address) <= mapping.Length &&
                    (nuint)size <= mapping.Length - (nuint)(address - mapping.Address))
                {
                    found = mapping;
                    return 0;
                }
            }
        }

        found = null;
        return -Errno.EFAULT;
    }

    private readonly ref struct PositionalRead(Span<byte> buffer, long offset)
    {
        public Span<byte> Buffer { get; } = buffer;
        public long Offset { get; } = offset;
    }

    private readonly ref struct PositionalWrite(ReadOnlySpan<byte> buffer, long offset)
    {
        public ReadOnlySpan<byte> Buffer { get; } = buffer;
        public long Offset { get; } = offset;
    }

    // A call on the file behind fd, holding a reference for its duration (fdget/fdput).
    private SysResult OnFile<TState>(int fd, TState state, Func<OpenFile, SimulatedProcess, TState, int> call)
        where TState : allows ref struct
    {
        if (_files.Get(fd) is not OpenFile file)
        {
            return SysResult.Failure(Errno.EBADF);
        }

        try
        {
            return SysResult.FromKernelReturn(call(file, this, state));
        }
        finally
        {
            file.Put();
        }
    }

    // The table takes the reference on success; on EMFILE it is dropped here.
    private int InstallOrRelease(OpenFile file)
    {
        int fd = _files.Install(file);
        if (fd < 0)
        {
            file.Put();
        }

        return fd;
    }

    private PollEvents PollOne(PollFd entry)
    {
        if (entry.Fd < 0)
        {
            return PollEvents.None;
        }

        if (_files.Get(entry.Fd) is not OpenFile file)
        {
            return PollEvents.Invalid;
        }

        try
        {
            // Error and hang-up are reported whether asked for or not.
            return file.Operations.Poll(file) & (entry.Events | PollEvents.Error | PollEvents.HangUp);
        }
        finally
        {
            file.Put();
        }
    }
}
