using AccelInterop.Model;

namespace AccelInterop.Conformance.Diff;

/// <summary>
/// A member of a record as the diff compares it on one target: its C path (members of anonymous
/// records by their own name, <c>a.b</c> inside a named member of an anonymous record type), bit
/// offset from the record start, bit size, and canonical type.
/// </summary>
public sealed record FlatMember(string Path, long BitOffset, long BitSize, TypeRef Declared, string Canonical,
    int? BitWidth, int Line, int Index)
{
    public long BitEnd => BitOffset + BitSize;

    /// <summary>Names uAPIs give to members that only reserve room (pad, reserved, rsvd, mbz, ...).</summary>
    public bool IsReserved => ReservedNames.IsReserved(Path);
}

/// <summary>Recognises reserved/padding member names.</summary>
public static class ReservedNames
{
    private static readonly string[] Words = ["pad", "padding", "reserved", "rsvd", "resv", "mbz", "unused", "spare"];

    public static bool IsReserved(string path)
    {
        var name = path[(path.LastIndexOf('.') + 1)..].Trim('_').ToLowerInvariant();
        foreach (var part in name.Split('_'))
        {
            var word = part.TrimEnd('0', '1', '2', '3', '4', '5', '6', '7', '8', '9');
            if (Words.Contains(word))
            {
                return true;
            }
        }
        return false;
    }
}
