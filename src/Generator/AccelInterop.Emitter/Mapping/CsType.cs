using System.Collections.Generic;

namespace AccelInterop.Emitter.Mapping;

internal enum CsTypeKind { Integer, Float, Enum, Record, InlineArray, Opaque }

/// <summary>A .NET size and alignment on one target.</summary>
internal readonly struct NetLayout
{
    public NetLayout(long size, long align)
    {
        Size = size;
        Align = align;
    }

    public long Size { get; }
    public long Align { get; }
}

/// <summary>
/// The C# type a C type is bound to, with the size and alignment .NET gives it on each
/// target (what the layout planner simulates). A target missing from <see cref="Layouts"/>
/// is one where the type cannot be represented exactly.
/// </summary>
internal sealed class CsType
{
    public CsType(string name, CsTypeKind kind, bool signed, Dictionary<string, NetLayout> layouts)
    {
        Name = name;
        Kind = kind;
        Signed = signed;
        Layouts = layouts;
    }

    /// <summary>The C# spelling: <c>uint</c>, <c>nuint</c>, <c>drm_xe_gem_create</c>, <c>uint_Array4</c>.</summary>
    public string Name { get; }
    public CsTypeKind Kind { get; }
    public bool Signed { get; }
    public Dictionary<string, NetLayout> Layouts { get; }

    /// <summary>True for nint/nuint (C long, unsigned long, pointers).</summary>
    public bool IsPointerSized => Name == "nint" || Name == "nuint";

    public bool IsIntegral => Kind == CsTypeKind.Integer || Kind == CsTypeKind.Enum;
}
