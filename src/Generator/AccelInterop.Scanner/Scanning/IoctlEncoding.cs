using System.Numerics;
using AccelInterop.Model;
using AccelInterop.Model.Targets;

namespace AccelInterop.Scanner.Scanning;

/// <summary>
/// Reads a target's ioctl number layout from its own <c>asm/ioctl.h</c> through the compiler
/// (powerpc, mips, sparc and alpha differ from asm-generic in widths and direction bits), and
/// decodes request values with it.
/// </summary>
public static class IoctlEncoding
{
    /// <summary>Builds the layout from evaluated macro values; null when the target lacks one of them.</summary>
    public static IoctlLayout? From(IReadOnlyDictionary<string, BigInteger> values)
    {
        bool Has(string n) => values.ContainsKey(n);
        if (!EvaluationUnit.IoctlLayoutMacros.All(Has))
        {
            return null;
        }

        int I(string n) => (int)values[n];
        uint U(string n) => (uint)values[n];
        return new IoctlLayout(I("_IOC_NRSHIFT"), I("_IOC_TYPESHIFT"), I("_IOC_SIZESHIFT"), I("_IOC_DIRSHIFT"),
            I("_IOC_NRBITS"), I("_IOC_TYPEBITS"), I("_IOC_SIZEBITS"), I("_IOC_DIRBITS"),
            U("_IOC_NONE"), U("_IOC_WRITE"), U("_IOC_READ"));
    }

    public static DecodedRequest Decode(IoctlLayout layout, BigInteger request)
    {
        var v = (ulong)(request & ulong.MaxValue);
        long Field(int shift, int bits) => (long)((v >> shift) & ((1UL << bits) - 1));
        return new DecodedRequest(DirectionOf(layout, Field(layout.DirShift, layout.DirBits)),
            Field(layout.TypeShift, layout.TypeBits), Field(layout.NrShift, layout.NrBits), Field(layout.SizeShift, layout.SizeBits));
    }

    /// <summary>The direction a value of the target's direction field stands for; null for one it does not define.</summary>
    public static IoctlDirection? DirectionOf(IoctlLayout layout, BigInteger dir) =>
        dir == layout.None ? IoctlDirection.None
        : dir == layout.Read ? IoctlDirection.Read
        : dir == layout.Write ? IoctlDirection.Write
        : dir == (layout.Read | layout.Write) ? IoctlDirection.ReadWrite
        : null;

    /// <summary>
    /// For an argument of <paramref name="argumentSize"/> bytes that does not fit the size field (powerpc's
    /// 13 bits hold less than 8 KiB): the size spills into the direction bits, where the value can no longer
    /// say which direction it was built with (on powerpc a 40 KiB <c>_IOW</c> equals the <c>_IO</c>), so the
    /// direction is the operand the compiler saw, <paramref name="directionOperand"/>. Null when the argument fits.
    /// </summary>
    public static DecodedRequest? Oversize(IoctlLayout layout, BigInteger request, long argumentSize, BigInteger directionOperand) =>
        argumentSize < 1L << layout.SizeBits ? null : Decode(layout, request) with { Direction = DirectionOf(layout, directionOperand) };
}

/// <summary>The fields of one request value; Direction is null for a bit pattern the target does not define.</summary>
public readonly record struct DecodedRequest(IoctlDirection? Direction, long Type, long Number, long Size);
