using System.Runtime.InteropServices;

namespace AccelInterop.Scanner.Clang.Native;

// Type queries (Index.h). All take CXType by value; layout queries return long long where a
// negative value is a CXTypeLayoutError.
internal static unsafe partial class NativeMethods
{
    [LibraryImport(LibraryName)]
    public static partial CXString clang_getTypeSpelling(CXType type);

    [LibraryImport(LibraryName)]
    public static partial CXString clang_getTypeKindSpelling(TypeKind kind);

    [LibraryImport(LibraryName)]
    public static partial uint clang_equalTypes(CXType a, CXType b);

    [LibraryImport(LibraryName)]
    public static partial CXType clang_getCanonicalType(CXType type);

    [LibraryImport(LibraryName)]
    public static partial long clang_Type_getSizeOf(CXType type);

    [LibraryImport(LibraryName)]
    public static partial long clang_Type_getAlignOf(CXType type);

    [LibraryImport(LibraryName)]
    public static partial long clang_Type_getOffsetOf(CXType type, byte* fieldName);

    [LibraryImport(LibraryName)]
    public static partial CXCursor clang_getTypeDeclaration(CXType type);

    [LibraryImport(LibraryName)]
    public static partial CXType clang_getPointeeType(CXType type);

    [LibraryImport(LibraryName)]
    public static partial CXType clang_getArrayElementType(CXType type);

    [LibraryImport(LibraryName)]
    public static partial long clang_getArraySize(CXType type);

    [LibraryImport(LibraryName)]
    public static partial CXType clang_getElementType(CXType type);

    [LibraryImport(LibraryName)]
    public static partial long clang_getNumElements(CXType type);

    [LibraryImport(LibraryName)]
    public static partial CXType clang_Type_getNamedType(CXType type);

    [LibraryImport(LibraryName)]
    public static partial CXType clang_Type_getModifiedType(CXType type);

    [LibraryImport(LibraryName)]
    public static partial CXString clang_getTypedefName(CXType type);

    [LibraryImport(LibraryName)]
    public static partial uint clang_isConstQualifiedType(CXType type);

    [LibraryImport(LibraryName)]
    public static partial uint clang_isVolatileQualifiedType(CXType type);

    [LibraryImport(LibraryName)]
    public static partial uint clang_Type_visitFields(
        CXType type,
        delegate* unmanaged[Cdecl]<CXCursor, nint, CXVisitorResult> visitor,
        nint clientData);
}
