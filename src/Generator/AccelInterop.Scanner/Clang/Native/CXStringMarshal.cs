using System.Runtime.InteropServices;

namespace AccelInterop.Scanner.Clang.Native;

/// <summary>
/// Converts a libclang-owned <see cref="CXString"/> to a managed string and disposes it in the
/// same step, so no call site can forget clang_disposeString.
/// </summary>
internal static unsafe class CXStringMarshal
{
    /// <summary>Copies the UTF-8 text (empty for a null CXString) and disposes the CXString.</summary>
    public static string Take(CXString value)
    {
        try
        {
            byte* text = NativeMethods.clang_getCString(value);
            return text is null ? string.Empty : Marshal.PtrToStringUTF8((nint)text) ?? string.Empty;
        }
        finally
        {
            NativeMethods.clang_disposeString(value);
        }
    }
}
