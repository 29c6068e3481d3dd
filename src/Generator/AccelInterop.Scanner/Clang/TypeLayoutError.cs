namespace AccelInterop.Scanner.Clang;

/// <summary>
/// The exact values of <c>enum CXTypeLayoutError</c>: libclang's layout queries (size, alignment,
/// offsets) return these negative numbers instead of a layout. Use <see cref="TypeLayout.TryGetError"/>.
/// </summary>
public enum TypeLayoutError
{
    Invalid = -1,

    /// <summary>The type is incomplete (a forward-declared struct, a flexible array, <c>void</c>).</summary>
    Incomplete = -2,
    Dependent = -3,

    /// <summary>The type has no constant size (a variable-length array).</summary>
    NotConstantSize = -4,

    /// <summary>No field of that name in the record (offset queries).</summary>
    InvalidFieldName = -5,
    Undeduced = -6,
}

/// <summary>Reads libclang's "layout or error code" results.</summary>
public static class TypeLayout
{
    /// <summary>True when <paramref name="value"/> is a CXTypeLayoutError rather than a layout number.</summary>
    public static bool TryGetError(long value, out TypeLayoutError error)
    {
        error = value < 0 ? (TypeLayoutError)value : default;
        return value < 0;
    }

    /// <summary>True when <paramref name="value"/> is a real size, alignment or offset.</summary>
    public static bool IsValid(long value) => value >= 0;
}
