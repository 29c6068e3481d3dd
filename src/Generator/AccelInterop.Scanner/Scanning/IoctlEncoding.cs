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
        if (!EvaluationUnit.IoctlLayoutMacros.All(Has)) return null;
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
        var dir = Field(layout.DirShift, layout.DirBits);
        IoctlDirection? d = dir == layout.None ? IoctlDirection.None
            : dir == layout.Read ? IoctlDirection.Read
            : dir == layout.Write ? IoctlDirection.Write
            : dir == (layout.Read | layout.Write) ? IoctlDirection.ReadWrite
            : null;
        return new DecodedRequest(d, Field(layout.TypeShift, layout.TypeBits), Field(layout.NrShift, layout.NrBits),
            Field(layout.SizeShift, layout.SizeBits));
    }
}

/// <summary>The fields of one request value; Direction is null for a bit pattern the target does not define.</summary>
public readonly record struct DecodedRequest(IoctlDirection? Direction, long Type, long Number, long Size);
