using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace AccelInterop.Runtime.Abi;

/// <summary>
/// The logic of generated flexible-array accessors, once: the elements that follow a record's
/// fixed part in the caller's buffer, and the buffer size the kernel's <c>struct_size</c> computes.
/// </summary>
public static class FlexibleArray
{
    /// <summary><paramref name="count"/> elements starting <paramref name="offset"/> bytes after the record's start.</summary>
    public static Span<TElement> Span<TRecord, TElement>(ref TRecord record, int offset, int count) =>
        MemoryMarshal.CreateSpan(ref Unsafe.As<byte, TElement>(ref Unsafe.AddByteOffset(ref Unsafe.As<TRecord, byte>(ref record), (nint)offset)), count);

    /// <summary>Bytes for the record followed by <paramref name="count"/> elements (sizeof plus the elements).</summary>
    public static int SizeOf<TRecord, TElement>(int count) => checked(Unsafe.SizeOf<TRecord>() + count * Unsafe.SizeOf<TElement>());
}
