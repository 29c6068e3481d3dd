using System.Buffers;

namespace AccelInterop.Simulation.Kernel;

/// <summary>
/// Managed memory pinned and registered as user memory of a process for a scope
/// (<see cref="UserMemory.Pin{T}(Memory{T})"/>): the kernel may follow pointers into it until it is
/// disposed, after which they fault (EFAULT) again and the GC may move it.
/// </summary>
public sealed unsafe class PinnedUserMemory : IDisposable
{
    private MemoryHandle _pin;
    private UserMemoryRegistration? _registration;

    internal PinnedUserMemory(MemoryHandle pin, UserMemoryRegistration registration)
    {
        _pin = pin;
        _registration = registration;
        Address = registration.Address;
        Length = registration.Length;
    }

    /// <summary>The user address to put in an ioctl struct.</summary>
    public ulong Address { get; }

    public nuint Length { get; }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _registration, null) is UserMemoryRegistration registration)
        {
            registration.Dispose();
            _pin.Dispose();
        }
    }
}
