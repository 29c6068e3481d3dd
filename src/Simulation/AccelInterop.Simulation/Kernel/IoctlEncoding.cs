using AccelInterop.Runtime.Ioctl;
using AccelInterop.Runtime.Targets;

namespace AccelInterop.Simulation.Kernel;

/// <summary>
/// Decodes and encodes ioctl commands with a target's request layout (<c>_IOC</c>), as the real
/// kernel of that architecture does. The layout comes from the one target table
/// (<see cref="LinuxTargets"/>, whose values a test holds against the compiler); this class only
/// does the bit arithmetic, so the simulated kernel has no second encoder.
/// </summary>
public sealed class IoctlEncoding
{
    private readonly IoctlLayout _layout;
    private readonly uint _sizeMask;

    public IoctlEncoding(IoctlLayout layout)
    {
        _layout = layout;
        _sizeMask = (1u << layout.SizeBits) - 1;
        InBit = layout.Write << layout.DirShift;
        OutBit = layout.Read << layout.DirShift;
    }

    /// <summary>The running architecture's encoding.</summary>
    public static IoctlEncoding Current { get; } = new(
        (LinuxTargets.Current ?? throw new PlatformNotSupportedException(
            $"the simulated kernel runs on the Linux targets .NET runs on ({LinuxTargets.ShortNames})")).Ioctl);

    /// <summary>A target's encoding (e.g. powerpc's, to test commands of another architecture).</summary>
    public static IoctlEncoding For(LinuxTarget target) => new(target.Ioctl);

    public int SizeBits => _layout.SizeBits;

    /// <summary>The IN bit (<c>IOC_IN</c>): user space writes, the kernel reads.</summary>
    public uint InBit { get; }

    /// <summary>The OUT bit (<c>IOC_OUT</c>): the kernel writes back.</summary>
    public uint OutBit { get; }

    public uint Encode(IoctlDirection direction, byte type, byte number, uint size)
    {
        if (size > _sizeMask)
        {
            throw new ArgumentOutOfRangeException(nameof(size), size, $"larger than {SizeBits} bits");
        }

        uint dir = direction == IoctlDirection.None ? _layout.None
            : ((direction & IoctlDirection.Write) != 0 ? _layout.Write : 0) | ((direction & IoctlDirection.Read) != 0 ? _layout.Read : 0);
        return (dir << _layout.DirShift) | (size << _layout.SizeShift) | ((uint)type << _layout.TypeShift) | ((uint)number << _layout.NrShift);
    }

    // Every Linux architecture puts the 8 number bits at 0 and the 8 type bits at 8 (the table's layouts say so).
    public static byte Number(uint command) => (byte)command;

    public static byte Type(uint command) => (byte)(command >> 8);

    public uint Size(uint command) => (command >> _layout.SizeShift) & _sizeMask;

    public IoctlDirection Direction(uint command) =>
        ((command & InBit) != 0 ? IoctlDirection.Write : IoctlDirection.None) |
        ((command & OutBit) != 0 ? IoctlDirection.Read : IoctlDirection.None);
}
