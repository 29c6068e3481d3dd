using AccelInterop.Runtime.Devices;
using AccelInterop.Simulation.Kernel;

namespace AccelInterop.Simulation.Mem;

/// <summary>
/// /dev/null (<c>drivers/char/mem.c</c>, 1:3): reads are at end of file, writes take everything,
/// no mmap (-ENODEV) and no ioctls (-ENOTTY).
/// </summary>
public sealed class NullDevice : StatelessCharacterDevice, IFileOperations
{
    public const string Path = "/dev/null";
    public const uint Major = 1;
    public const uint Minor = 3;

    int IFileOperations.Read(OpenFile file, SimulatedProcess caller, Span<byte> destination, long offset) => 0;

    int IFileOperations.Write(OpenFile file, SimulatedProcess caller, ReadOnlySpan<byte> source, long offset) => source.Length;
}
