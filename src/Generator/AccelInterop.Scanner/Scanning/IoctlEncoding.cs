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

    /// <summary>
    /// For an argument of <paramref name="argumentSize"/> bytes that does not fit the size field: the one
    /// direction whose <c>_IOC(dir, type, nr, size)</c> (fields OR'ed, as the kernel's macro does) is the
    /// request; null when the argument fits, or no direction or more than one gives the value.
    /// </summary>
    public static DecodedRequest? Oversize(IoctlLayout layout, BigInteger request, long argumentSize)
    {
        if (argumentSize < 1L << layout.SizeBits) return null;
        var low = Decode(layout, request);
        var rest = (BigInteger)low.Type << layout.TypeShift | (BigInteger)low.Number << layout.NrShift
                   | (BigInteger)argumentSize << layout.SizeShift;
        var matches = new[] { (IoctlDirection.None, layout.None), (IoctlDirection.Write, layout.Write), (IoctlDirection.Read, layout.Read),
                (IoctlDirection.ReadWrite, layout.Read | layout.Write) }
            .Where(d => Truncated((BigInteger)d.Item2 << layout.DirShift | rest, request) == request).ToList();
        return matches.Count == 1 ? low with { Direction = matches[0].Item1 } : null;
    }

    /// <summary>A 32-bit target's C computes the request in 32 bits (its size_t): compare in the request's width.</summary>
    private static BigInteger Truncated(BigInteger value, BigInteger request) =>
        request <= uint.MaxValue ? value & uint.MaxValue : value;
}

/// <summary>The fields of one request value; Direction is null for a bit pattern the target does not define.</summary>
public readonly record struct DecodedRequest(IoctlDirection? Direction, long Type, long Number, long Size);
