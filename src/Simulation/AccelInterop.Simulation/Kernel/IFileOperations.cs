using AccelInterop.Runtime.Devices;

namespace AccelInterop.Simulation.Kernel;

/// <summary>
/// What an open file does with the calls made on it (the kernel's <c>file_operations</c>):
/// a DRM device file, a dma-buf, a syncobj file... Results are kernel-style: 0 or a
/// positive value, or <c>-errno</c>.
/// </summary>
public interface IFileOperations
{
    /// <summary><c>unlocked_ioctl</c>: <paramref name="argument"/> is the caller's argument word (a user address or an integer).</summary>
    int Ioctl(OpenFile file, SimulatedProcess caller, uint command, ulong argument);

    /// <summary>mmap of <paramref name="length"/> bytes at <paramref name="offset"/>; on success the mapping.</summary>
    int Mmap(OpenFile file, SimulatedProcess caller, nuint length, MemoryProtection protection, long offset, out MemoryMapping? mapping);

    /// <summary>The events that are ready now (poll never blocks here; the process waits).</summary>
    PollEvents Poll(OpenFile file);

    /// <summary>The last reference to the open file is gone (<c>release</c>).</summary>
    void Release(OpenFile file);
}
