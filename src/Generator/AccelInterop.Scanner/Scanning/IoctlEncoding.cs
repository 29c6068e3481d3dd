using System.Numerics;
using AccelInterop.Model;

namespace AccelInterop.Scanner.Scanning;

/// <summary>
/// A target's ioctl number layout, read from its own <c>asm/ioctl.h</c> through the compiler
/// (powerpc, mips, sparc and alpha differ from asm-generic in widths and direction bits).
/// </summary>
public sealed record IoctlEncoding(
    int NrShift, int TypeShift, int SizeShift, int DirShift,
    int NrBits, int TypeBits, int SizeBits, int DirBits,
    long DirNone, long DirRead, long DirWrite)
{
    /// <summary>Builds the encoding from evaluated macro values; null when the target lacks one.</summary>
    public static IoctlEncoding? From(IReadOnlyDictionary<string, BigInteger> values)
    {
        bool Has(string n) => values.ContainsKey(n);
        if (!EvaluationUnit.IoctlLayoutMacros.All(Has)) return null;
        int I(string n) => (int)values[n];
        long L(string n) => (long)values[n];
        return new IoctlEncoding(I("_IOC_NRSHIFT"), I("_IOC_TYPESHIFT"), I("_IOC_SIZESHIFT"), I("_IOC_DIRSHIFT"),
            I("_IOC_NRBITS"), I("_IOC_TYPEBITS"), I("_IOC_SIZEBITS"), I("_IOC_DIRBITS"),
            L("_IOC_NONE"), L("_IOC_READ"), L("_IOC_WRITE"));
    }

    public DecodedRequest Decode(BigInteger request)
    {
        var v = (ulong)(request & ulong.MaxValue);
        long Field(int shift, int bits) => (long)((v >> shift) & ((1UL << bits) - 1));
        var dir = Field(DirShift, DirBits);
        IoctlDirection? d = dir == DirNone ? IoctlDirection.None
            : dir == DirRead ? IoctlDirection.Read
            : dir == DirWrite ? IoctlDirection.Write
            : dir == (DirRead | DirWrite) ? IoctlDirection.ReadWrite
            : null;
        return new DecodedRequest(d, Field(TypeShift, TypeBits), Field(NrShift, NrBits), Field(SizeShift, SizeBits));
    }
}

/// <summary>The fields of one request value; Direction is null for a bit pattern the target does not define.</summary>
public readonly record struct DecodedRequest(IoctlDirection? Direction, long Type, long Number, long Size);
