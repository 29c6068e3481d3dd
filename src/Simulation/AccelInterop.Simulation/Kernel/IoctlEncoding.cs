using System.Runtime.InteropServices;
using AccelInterop.Runtime.Ioctl;

namespace AccelInterop.Simulation.Kernel;

/// <summary>
/// How an architecture packs direction, size, type and number into an ioctl command
/// (<c>_IOC</c>): the generic layout (2 direction bits, 14 size bits) or powerpc's (3 direction
/// bits with their own values, 13 size bits). The simulated kernel decodes commands the way
/// the real kernel of the running architecture would.
/// </summary>
public sealed class IoctlEncoding
{
    private IoctlEncoding(int sizeBits, uint none, uint write, uint read)
    {
        SizeBits = sizeBits;
        DirectionNone = none;
        DirectionWrite = write;
        DirectionRead = read;
    }

    /// <summary>x86, arm, arm64, riscv, s390, loongarch.</summary>
    public static IoctlEncoding Generic { get; } = new(sizeBits: 14, none: 0, write: 1, read: 2);

    /// <summary>powerpc (and mips, sparc).</summary>
    public static IoctlEncoding PowerPC { get; } = new(sizeBits: 13, none: 1, write: 4, read: 2);

    /// <summary>The running architecture's encoding.</summary>
    public static IoctlEncoding Current { get; } =
        RuntimeInformation.ProcessArchitecture is Architecture.Ppc64le ? PowerPC : Generic;

    public int SizeBits { get; }
    public uint DirectionNone { get; }
    public uint DirectionWrite { get; }
    public uint DirectionRead { get; }

    private int DirectionShift => 16 + SizeBits;
    private uint SizeMask => (1u << SizeBits) - 1;

    /// <summary>The IN bit (<c>IOC_IN</c>): user space writes, the kernel reads.</summary>
    public uint InBit => DirectionWrite << DirectionShift;

    /// <summary>The OUT bit (<c>IOC_OUT</c>): the kernel writes back.</summary>
    public uint OutBit => DirectionRead << DirectionShift;

    public uint Encode(IoctlDirection direction, byte type, byte number, uint size)
    {
        if (size > SizeMask)
        {
            throw new ArgumentOutOfRangeException(nameof(size), size, $"larger than {SizeBits} bits");
        }

        uint dir = direction == IoctlDirection.None ? DirectionNone
            : ((direction & IoctlDirection.Write) != 0 ? DirectionWrite : 0) | ((direction & IoctlDirection.Read) != 0 ? DirectionRead : 0);
        return (dir << DirectionShift) | (size << 16) | ((uint)type << 8) | number;
    }

    public static byte Number(uint command) => (byte)command;

    public static byte Type(uint command) => (byte)(command >> 8);

    public uint Size(uint command) => (command >> 16) & SizeMask;

    public IoctlDirection Direction(uint command) =>
        ((command & InBit) != 0 ? IoctlDirection.Write : IoctlDirection.None) |
        ((command & OutBit) != 0 ? IoctlDirection.Read : IoctlDirection.None);
}
