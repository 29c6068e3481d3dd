using System.Runtime.InteropServices;
using AccelInterop.Runtime.Devices;
using AccelInterop.Simulation.Kernel;

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

    int IFileOperations.Read(OpenFile file, SimulatedProcess caller, Span<byte> destination, long offset)
    {
        destination.Clear();
        return destination.Length;
    }

    int IFileOperations.Write(OpenFile file, SimulatedProcess caller, ReadOnlySpan<byte> source, long offset) => source.Length;

    int IFileOperations.Mmap(OpenFile file, SimulatedProcess caller, nuint length, MemoryProtection protection, long offset, out MemoryMapping? mapping)
    {
        mapping = new ZeroMapping(length);
        return 0;
    }

    private sealed unsafe class ZeroMapping(nuint length) : MemoryMapping((nint)Allocate(length), length)
    {
        private static void* Allocate(nuint length)
        {
            nuint pages = (length + (nuint)Page.Size - 1) & ~((nuint)Page.Size - 1);
            void* memory = NativeMemory.AlignedAlloc(pages, (nuint)Page.Size);
            NativeMemory.Clear(memory, pages);
            return memory;
        }

        protected internal override void OnUnmap() => NativeMemory.AlignedFree((void*)Address);
    }
}
