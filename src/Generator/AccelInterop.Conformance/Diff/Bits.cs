using System.Globalization;

namespace AccelInterop.Conformance.Diff;

/// <summary>Spells bit quantities as bytes where they are whole bytes.</summary>
internal static class Bits
{
    public static string Offset(long bits) =>
        bits % 8 == 0 ? (bits / 8).ToString(CultureInfo.InvariantCulture) : $"{bits / 8}:{bits % 8} (byte:bit)";

    public static string Size(long bits) =>
        bits % 8 == 0 ? $"{bits / 8} byte{(bits == 8 ? "" : "s")}" : $"{bits} bit{(bits == 1 ? "" : "s")}";
}
