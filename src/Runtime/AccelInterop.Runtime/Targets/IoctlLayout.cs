using System;

#if ACCELINTEROP_MODEL
namespace AccelInterop.Model.Targets;
#else
namespace AccelInterop.Runtime.Targets;
#endif

/// <summary>
/// How a target packs an ioctl request number (<c>_IOC</c>): where the number, type, size and
/// direction fields sit and which values the direction field takes. asm-generic/ioctl.h packs
/// 8 number bits, 8 type bits, 14 size bits and 2 direction bits from the bottom up; powerpc
/// (like mips, sparc and alpha) narrows the size to 13 bits and gives the direction 3 bits with
/// values of its own.
/// </summary>
/// <remarks>
/// Compiled into both the runtime and the model (a linked file): the model records what the
/// compiler evaluated for each target, the runtime keeps the running architecture's for decoding
/// raw request numbers, and a test proves the two agree.
/// </remarks>
public sealed class IoctlLayout : IEquatable<IoctlLayout>
{
    public IoctlLayout(int nrShift, int typeShift, int sizeShift, int dirShift,
        int nrBits, int typeBits, int sizeBits, int dirBits, uint none, uint write, uint read)
    {
        NrShift = nrShift;
        TypeShift = typeShift;
        SizeShift = sizeShift;
        DirShift = dirShift;
        NrBits = nrBits;
        TypeBits = typeBits;
        SizeBits = sizeBits;
        DirBits = dirBits;
        None = none;
        Write = write;
        Read = read;
    }

    /// <summary>The fields packed from bit 0 up in the order number, type, size, direction, as every Linux architecture does.</summary>
    public static IoctlLayout Packed(int sizeBits, int dirBits, uint none, uint write, uint read) =>
        new IoctlLayout(0, 8, 16, 16 + sizeBits, 8, 8, sizeBits, dirBits, none, write, read);

    /// <summary><c>_IOC_NRSHIFT</c>.</summary>
    public int NrShift { get; }
    /// <summary><c>_IOC_TYPESHIFT</c>.</summary>
    public int TypeShift { get; }
    /// <summary><c>_IOC_SIZESHIFT</c>.</summary>
    public int SizeShift { get; }
    /// <summary><c>_IOC_DIRSHIFT</c>.</summary>
    public int DirShift { get; }
    /// <summary><c>_IOC_NRBITS</c>.</summary>
    public int NrBits { get; }
    /// <summary><c>_IOC_TYPEBITS</c>.</summary>
    public int TypeBits { get; }
    /// <summary><c>_IOC_SIZEBITS</c>.</summary>
    public int SizeBits { get; }
    /// <summary><c>_IOC_DIRBITS</c>.</summary>
    public int DirBits { get; }
    /// <summary><c>_IOC_NONE</c>: the direction value of a request without an argument.</summary>
    public uint None { get; }
    /// <summary><c>_IOC_WRITE</c>: user space writes the argument, the kernel reads it.</summary>
    public uint Write { get; }
    /// <summary><c>_IOC_READ</c>: the kernel writes the argument back.</summary>
    public uint Read { get; }

    public bool Equals(IoctlLayout? other) =>
        other is not null && NrShift == other.NrShift && TypeShift == other.TypeShift && SizeShift == other.SizeShift
        && DirShift == other.DirShift && NrBits == other.NrBits && TypeBits == other.TypeBits && SizeBits == other.SizeBits
        && DirBits == other.DirBits && None == other.None && Write == other.Write && Read == other.Read;

    public override bool Equals(object? obj) => Equals(obj as IoctlLayout);

    public override int GetHashCode() => (((SizeBits * 31 + DirBits) * 31 + (int)None) * 31 + (int)Write) * 31 + (int)Read;

    public override string ToString() =>
        $"nr {NrBits}@{NrShift}, type {TypeBits}@{TypeShift}, size {SizeBits}@{SizeShift}, dir {DirBits}@{DirShift} " +
        $"(none {None}, write {Write}, read {Read})";
}
