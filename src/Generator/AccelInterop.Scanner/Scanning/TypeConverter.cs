using AccelInterop.Model;
using AccelInterop.Scanner.Clang;

namespace AccelInterop.Scanner.Scanning;

/// <summary>
/// Turns libclang types into model <see cref="TypeRef"/>s, keeping typedef names, and asks
/// the <see cref="DeclarationCollector"/> to include every record, enum and typedef a type
/// refers to, so the model is closed under references.
/// </summary>
internal sealed class TypeConverter(DeclarationCollector collector)
{
    public TypeRef Convert(ClangType type)
    {
        switch (type.Kind)
        {
            case TypeKind.Elaborated:
                return Convert(type.NamedType);
            case TypeKind.Typedef:
                {
                    var decl = type.Declaration;
                    var name = decl.Spelling;
                    collector.RequireTypedef(decl);
                    return TypeRef.Typedef(name);
                }
            case TypeKind.Record:
                return TypeRef.Record(collector.RequireRecord(type.Declaration));
            case TypeKind.Enum:
                return TypeRef.Enum(collector.RequireEnum(type.Declaration));
            case TypeKind.ConstantArray:
                return TypeRef.Array(Convert(type.ElementType), type.ArraySize);
            case TypeKind.IncompleteArray:
                return TypeRef.Array(Convert(type.ElementType), null);
            case TypeKind.Pointer:
                return TypeRef.Pointer(Convert(type.Pointee));
            default:
                if (IsBuiltin(type.Kind))
                {
                    return TypeRef.Builtin(BuiltinSpelling(type));
                }

                collector.Note(ScanDiagnosticCodes.UnsupportedType, $"type '{type.Spelling}' is kept by its spelling");
                return TypeRef.Other(type.Spelling);
        }
    }

    /// <summary>The canonical spelling without qualifiers: <c>const unsigned int</c> → <c>unsigned int</c>.</summary>
    public static string BuiltinSpelling(ClangType type)
    {
        var s = type.Canonical.Spelling;
        foreach (var q in new[] { "const ", "volatile ", "restrict " })
        {
            while (s.StartsWith(q, StringComparison.Ordinal))
            {
                s = s[q.Length..];
            }
        }

        return s;
    }

    public static bool IsBuiltin(TypeKind kind) => (int)kind >= (int)TypeKind.Void && (int)kind <= (int)TypeKind.Ibm128;

    public static bool IsInteger(TypeKind kind) => kind is TypeKind.Bool or TypeKind.Char_U or TypeKind.UChar
        or TypeKind.Char16 or TypeKind.Char32 or TypeKind.UShort or TypeKind.UInt or TypeKind.ULong or TypeKind.ULongLong
        or TypeKind.UInt128 or TypeKind.Char_S or TypeKind.SChar or TypeKind.WChar or TypeKind.Short or TypeKind.Int
        or TypeKind.Long or TypeKind.LongLong or TypeKind.Int128;

    public static bool IsUnsigned(TypeKind kind) => kind is TypeKind.Bool or TypeKind.Char_U or TypeKind.UChar
        or TypeKind.Char16 or TypeKind.Char32 or TypeKind.UShort or TypeKind.UInt or TypeKind.ULong or TypeKind.ULongLong
        or TypeKind.UInt128;
}
