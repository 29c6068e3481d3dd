using System.Runtime.InteropServices;
using AccelInterop.Runtime.Ioctl;

namespace AccelInterop.Runtime.Abi;

/// <summary>Per-architecture layout values generated code selects at run time (offsets of flexible array members that differ between ILP32 and LP64).</summary>
public static class AbiLayout
{
    /// <summary>The running architecture's value from a table ordered like <see cref="IoctlArchitecture.Order"/>; negative means none.</summary>
    public static int Select(string symbol, ReadOnlySpan<long> perArchitecture)
    {
        var i = IoctlArchitecture.Current;
        if (i < 0 || i >= perArchitecture.Length || perArchitecture[i] < 0)
        {
            throw new PlatformNotSupportedException(
                $"{symbol} has no layout for {RuntimeInformation.ProcessArchitecture} in the generated bindings");
        }

        return checked((int)perArchitecture[i]);
    }
}
