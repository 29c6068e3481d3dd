namespace AccelInterop.Simulation.Kernel;

/// <summary>
/// Memory a file mapped into a simulated process (a VMA). The process keeps the open file
/// referenced while the mapping exists, as a VMA holds its <c>struct file</c>; the file's
/// implementation drops whatever else the mapping held in <see cref="OnUnmap"/>.
/// </summary>
public abstract class MemoryMapping
{
    protected MemoryMapping(nint address, nuint length)
    {
        Address = address;
        Length = length;
    }

    public nint Address { get; }
    public nuint Length { get; }

    /// <summary>The mapping is gone (munmap, or the process exited).</summary>
    protected internal abstract void OnUnmap();
}
