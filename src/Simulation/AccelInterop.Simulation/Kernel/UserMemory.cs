using System.Buffers;
using AccelInterop.Runtime.Errors;
using static AccelInterop.Runtime.Errors.Errno;

namespace AccelInterop.Simulation.Kernel;

/// <summary>
/// The user memory of a simulated process that the kernel may follow pointers into: only
/// ranges the caller registered (pinned arrays, native allocations). A user pointer inside an
/// ioctl struct that is not fully inside one registration faults with EFAULT, where a real
/// kernel would fault on unmapped memory, instead of the simulation touching a stray address.
/// </summary>
public sealed unsafe class UserMemory
{
    /// <summary>Below this the address space is never mapped (the kernel's mmap_min_addr floor), so NULL faults.</summary>
    public const ulong MinimumAddress = 4096;

    private readonly Lock _lock = new();
    private readonly List<UserMemoryRegistration> _registrations = [];

    public int RegistrationCount
    {
        get
        {
            lock (_lock)
            {
                return _registrations.Count;
            }
        }
    }

    /// <summary>Lets the kernel follow pointers into [<paramref name="address"/>, +<paramref name="length"/>) until disposed.</summary>
    public UserMemoryRegistration Register(void* address, nuint length)
    {
        if ((ulong)address < MinimumAddress || length == 0 || (ulong)address + length < (ulong)address)
        {
            throw new ArgumentOutOfRangeException(nameof(address), "not a registrable range");
        }

        var registration = new UserMemoryRegistration(this, (ulong)address, length);
        lock (_lock)
        {
            _registrations.Add(registration);
        }

        return registration;
    }

    /// <summary>Pins <paramref name="array"/> and registers it, for a scope: <c>using var p = memory.Pin(handles);</c> then <c>p.Address</c>.</summary>
    public PinnedUserMemory Pin<T>(T[] array) where T : unmanaged => Pin(new Memory<T>(array ?? throw new ArgumentNullException(nameof(array))));

    /// <summary>Pins <paramref name="memory"/> (an array, a slice of one, pooled memory) and registers it, for a scope.</summary>
    public PinnedUserMemory Pin<T>(Memory<T> memory) where T : unmanaged
    {
        if (memory.IsEmpty)
        {
            throw new ArgumentException("nothing to pin", nameof(memory));
        }

        MemoryHandle pin = memory.Pin();
        return new PinnedUserMemory(pin, Register(pin.Pointer, (nuint)memory.Length * (nuint)sizeof(T)));
    }

    /// <summary>
    /// Registers memory a span covers that cannot move — stackalloc, native memory, an array already
    /// pinned — for a scope. (A span over an ordinary array may move: <see cref="Pin{T}(T[])"/> it.)
    /// </summary>
    public UserMemoryRegistration Register<T>(Span<T> unmovable) where T : unmanaged
    {
        fixed (T* start = unmovable)
        {
            return Register(start, (nuint)unmovable.Length * (nuint)sizeof(T));
        }
    }

    /// <summary>Whether [<paramref name="address"/>, +<paramref name="length"/>) lies inside one registration.</summary>
    public bool IsAccessible(ulong address, nuint length)
    {
        lock (_lock)
        {
            return IsAccessibleLocked(address, length);
        }
    }

    private bool IsAccessibleLocked(ulong address, nuint length)
    {
        if (length == 0)
        {
            return true;
        }

        ArgumentWindow argument = t_argument;
        if (ReferenceEquals(argument.Owner, this) && Covers(argument.Address, argument.Length, address, length))
        {
            return true;
        }

        foreach (UserMemoryRegistration registration in _registrations)
        {
            if (Covers(registration.Address, registration.Length, address, length))
            {
                return true;
            }
        }

        return false;
    }

    // Whether [start, +size) holds [address, +length), without computing an end that could wrap.
    private static bool Covers(ulong start, nuint size, ulong address, nuint length) =>
        address >= start && address - start <= size && length <= size - (nuint)(address - start);

    // The check and the copy happen under the lock that removing a registration takes, so once
    // Dispose (or RevokeAll) has returned no copy touches that memory again: the kernel's
    // get_user_pages pin for the length of one copy, revoked like an mmu notifier's invalidate.

    /// <summary>copy_from_user through a user pointer: 0, or -EFAULT outside registered memory.</summary>
    public int CopyFromUser(Span<byte> destination, ulong address)
    {
        lock (_lock)
        {
            if (!IsAccessibleLocked(address, (nuint)destination.Length))
            {
                return -EFAULT;
            }

            new ReadOnlySpan<byte>((void*)address, destination.Length).CopyTo(destination);
            return 0;
        }
    }

    /// <summary>copy_to_user through a user pointer: 0, or -EFAULT outside registered memory.</summary>
    public int CopyToUser(ulong address, ReadOnlySpan<byte> source)
    {
        lock (_lock)
        {
            if (!IsAccessibleLocked(address, (nuint)source.Length))
            {
                return -EFAULT;
            }

            source.CopyTo(new Span<byte>((void*)address, source.Length));
            return 0;
        }
    }

    /// <summary>Revokes every registration (process exit: the address space is gone); later copies fault.</summary>
    internal void RevokeAll()
    {
        lock (_lock)
        {
            _registrations.Clear();
        }
    }

    // The argument of the ioctl this thread is in, as the backend call described it
    // (SimulatedProcess.Ioctl with a length): user memory of that process for the call's length.
    [ThreadStatic]
    private static ArgumentWindow t_argument;

    internal readonly record struct ArgumentWindow(UserMemory? Owner, ulong Address, nuint Length);

    /// <summary>Makes [<paramref name="address"/>, +<paramref name="length"/>) accessible to this thread's current call; returns the window to restore.</summary>
    internal ArgumentWindow EnterArgument(ulong address, nuint length)
    {
        ArgumentWindow previous = t_argument;
        t_argument = new ArgumentWindow(this, address, length);
        return previous;
    }

    internal static void LeaveArgument(ArgumentWindow previous) => t_argument = previous;

    /// <summary>
    /// Copies an ioctl's argument in (copy_from_user of [address, +length)): the whole range must
    /// be the argument the caller passed (its length known to the backend) or registered memory,
    /// else -EFAULT, so a wild argument pointer faults instead of being read.
    /// </summary>
    internal int CopyArgumentFromUser(Span<byte> destination, ulong address) =>
        destination.Length == 0 ? 0 : CopyFromUser(destination, address);

    /// <summary>Copies an ioctl's argument back out (see <see cref="CopyArgumentFromUser"/>).</summary>
    internal int CopyArgumentToUser(ulong address, ReadOnlySpan<byte> source) =>
        source.Length == 0 ? 0 : CopyToUser(address, source);

    /// <summary>
    /// copy_struct_from_user (<c>include/linux/uaccess.h</c>) for an ioctl argument: the kernel's
    /// struct is <paramref name="destination"/>, the caller's is <paramref name="userSize"/> bytes at
    /// <paramref name="address"/>. A shorter caller struct is zero-extended; a longer one may only
    /// have zeros past the kernel's (else -E2BIG, checked before anything is copied); -EFAULT on a fault.
    /// </summary>
    internal int CopyStructFromUser(Span<byte> destination, ulong address, ulong userSize)
    {
        ulong kernelSize = (ulong)destination.Length;
        if (userSize > kernelSize)
        {
            lock (_lock)
            {
                if (userSize > nuint.MaxValue || !IsAccessibleLocked(address, (nuint)userSize))
                {
                    return -EFAULT;
                }

                for (ulong offset = kernelSize; offset < userSize;)
                {
                    int chunk = (int)Math.Min(userSize - offset, 1 << 20);
                    if (new ReadOnlySpan<byte>((void*)(address + offset), chunk).ContainsAnyExcept((byte)0))
                    {
                        return -E2BIG;
                    }

                    offset += (ulong)chunk;
                }
            }
        }

        int size = (int)Math.Min(userSize, kernelSize);
        if (CopyArgumentFromUser(destination[..size], address) < 0)
        {
            return -EFAULT;
        }

        destination[size..].Clear();
        return 0;
    }

    internal void Remove(UserMemoryRegistration registration)
    {
        lock (_lock)
        {
            _registrations.Remove(registration);
        }
    }
}
