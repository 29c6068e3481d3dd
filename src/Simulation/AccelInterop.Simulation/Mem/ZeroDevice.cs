using System.Runtime.InteropServices;
using AccelInterop.Runtime.Devices;
using AccelInterop.Simulation.Kernel;
using static AccelInterop.Runtime.Errors.Errno;

namespace AccelInterop.Simulation.Mem;

/// <summary>
/// /dev/zero (<c>drivers/char/mem.c</c>, 1:5): reads fill the buffer with zeros, writes take
/// everything, and mmap gives fresh zeroed memory (anonymous memory in the kernel).
/// </summary>
public sealed class ZeroDevice : StatelessCharacterDevice, IFileOperations
{
    public const string Path = "/dev/zero";
    public const uint Major = 1;
    public const uint Minor = 5;

    /// <summary>
    /// The largest mapping the simulation backs. Linux maps /dev/zero lazily, page by page; the
    /// simulation backs a mapping when it is made, so a larger one is refused with -ENOMEM, as
    /// the kernel does for a process past its address-space limit (RLIMIT_AS).
    /// </summary>
    public const ulong MaxMappingBytes = 256UL << 20;

    int IFileOperations.Read(OpenFile file, SimulatedProcess caller, Span<byte> destination, long offset)
    {
        destination.Clear();
        return destination.Length;
    }

    int IFileOperations.Write(OpenFile file, SimulatedProcess caller, ReadOnlySpan<byte> source, long offset) => source.Length;

    int IFileOperations.Mmap(OpenFile file, SimulatedProcess caller, nuint length, MemoryProtection protection, long offset, out MemoryMapping? mapping)
    {
        mapping = null;
        if ((ulong)length > MaxMappingBytes)
        {
            return -ENOMEM;
        }

        mapping = new ZeroMapping(length);
        return 0;
    }

    private sealed class ZeroMapping : MemoryMapping
    {
        private readonly ZeroedPages _pages;

        public ZeroMapping(nuint length)
            : this(ZeroedPages.Allocate(length), length)
        {
        }

        private ZeroMapping(ZeroedPages pages, nuint length)
            : base(pages.Address, length) => _pages = pages;

        protected internal override void OnUnmap() => _pages.Free();
    }
}
