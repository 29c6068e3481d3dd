using AccelInterop.Runtime.Devices;
using static AccelInterop.Runtime.Errors.Errno;

namespace AccelInterop.Simulation.Kernel;

/// <summary>
/// What an open file does with the calls made on it (the kernel's <c>file_operations</c>):
/// a DRM device file, a dma-buf, an eventfd... Results are kernel-style: 0 or a positive value,
/// or <c>-errno</c>. An operation a file does not implement answers as the kernel does for a
/// missing one.
/// </summary>
public interface IFileOperations
{
    /// <summary><c>unlocked_ioctl</c>: <paramref name="argument"/> is the caller's argument word (a user address or an integer). None: -ENOTTY.</summary>
    int Ioctl(OpenFile file, SimulatedProcess caller, uint command, ulong argument) => -ENOTTY;

    /// <summary><c>read</c> into <paramref name="destination"/> at <paramref name="offset"/>: the bytes read. None: -EINVAL.</summary>
    int Read(OpenFile file, SimulatedProcess caller, Span<byte> destination, long offset) => -EINVAL;

    /// <summary><c>write</c> from <paramref name="source"/> at <paramref name="offset"/>: the bytes written. None: -EINVAL.</summary>
    int Write(OpenFile file, SimulatedProcess caller, ReadOnlySpan<byte> source, long offset) => -EINVAL;

    /// <summary>
    /// Whether pread/pwrite reach <see cref="Read"/>/<see cref="Write"/> at the caller's offset
    /// (FMODE_PREAD|FMODE_PWRITE) for a file made by kernel code (anonymous-inode files have
    /// neither unless the driver sets them, as vfio does for its device files); otherwise -ESPIPE.
    /// Files opened through a device node always have them.
    /// </summary>
    bool AllowsPositionalIo => false;

    /// <summary>mmap of <paramref name="length"/> bytes at <paramref name="offset"/>; on success the mapping. None: -ENODEV.</summary>
    int Mmap(OpenFile file, SimulatedProcess caller, nuint length, MemoryProtection protection, long offset, out MemoryMapping? mapping)
    {
        mapping = null;
        return -ENODEV;
    }

    /// <summary>
    /// mmap with the mapping's flags (a VMA's VM_SHARED / copy-on-write state), for files whose
    /// mmap refuses some kinds of mapping. By default the flags do not matter.
    /// </summary>
    int Mmap(OpenFile file, SimulatedProcess caller, nuint length, MemoryProtection protection, MapFlags flags, long offset, out MemoryMapping? mapping) =>
        Mmap(file, caller, length, protection, offset, out mapping);

    /// <summary>The events that are ready now (poll never blocks here; the process waits). None: always readable and writable (DEFAULT_POLLMASK).</summary>
    PollEvents Poll(OpenFile file) => PollEvents.In | PollEvents.Out;

    /// <summary>The last reference to the open file is gone (<c>release</c>).</summary>
    void Release(OpenFile file)
    {
    }
}
