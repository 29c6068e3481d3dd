using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Numerics;

namespace AccelInterop.Emitter.Rendering;

/// <summary>C# spellings of the plan's numbers, the same every run (the templates lay the tables out around them).</summary>
internal static class Literals
{
    public static bool Fits(BigInteger v, string csType)
    {
        switch (csType)
        {
            case "sbyte": return v >= sbyte.MinValue && v <= sbyte.MaxValue;
            case "byte": return v >= 0 && v <= byte.MaxValue;
            case "short": return v >= short.MinValue && v <= short.MaxValue;
            case "ushort": return v >= 0 && v <= ushort.MaxValue;
            // nint/nuint constants must fit the 32-bit range to be constants on every architecture.
            case "int": case "nint": return v >= int.MinValue && v <= int.MaxValue;
            case "uint": case "nuint": return v >= 0 && v <= uint.MaxValue;
            case "long": return v >= long.MinValue && v <= long.MaxValue;
            case "ulong": return v >= 0 && v <= ulong.MaxValue;
            default: return false;
        }
    }

    /// <summary>Decimal for small or negative values, hex for masks and request-like values.</summary>
    public static string Format(BigInteger v)
    {
        if (v < 0 || v < 256)
        {
            return v.ToString(CultureInfo.InvariantCulture);
        }

        var hex = ((ulong)v).ToString("X", CultureInfo.InvariantCulture);
        return "0x" + hex;
    }

    /// <summary>The elements of a <c>ulong?</c> table indexed like IoctlArchitecture.Order (negative values as their u64 bits).</summary>
    public static IEnumerable<string> Ulongs(IEnumerable<BigInteger?> perArchitecture) =>
        perArchitecture.Select(v => v is BigInteger b ? Format(b < 0 ? b + BigInteger.Pow(2, 64) : b) : "null");

    /// <summary>The elements of a <c>long</c> layout row (-1: no such target, -2: not bound exactly).</summary>
    public static IEnumerable<string> Longs(IEnumerable<long> perArchitecture) =>
        perArchitecture.Select(v => v.ToString(CultureInfo.InvariantCulture));
}
