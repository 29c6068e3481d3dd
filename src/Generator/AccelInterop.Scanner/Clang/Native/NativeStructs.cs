using System.Runtime.InteropServices;

namespace AccelInterop.Scanner.Clang.Native;

// Blittable mirrors of the libclang C structs, field for field as declared in
// clang-c/Index.h, CXString.h and CXSourceLocation.h (LLVM 14 through 19 share these layouts).
// They are passed and returned by value, so the layout must be exact: pointers are nint,
// C `unsigned` is uint, C `unsigned long` is CULong (64-bit on LP64 Linux, 32-bit on ILP32).
// Nothing here leaves the assembly: the managed wrappers own every pointer.

/// <summary><c>CXCursor { enum CXCursorKind kind; int xdata; const void *data[3]; }</c></summary>
[StructLayout(LayoutKind.Sequential)]
internal struct CXCursor
{
    public CursorKind Kind;
    public int XData;
    public nint Data0;
    public nint Data1;
    public nint Data2;
}

/// <summary><c>CXType { enum CXTypeKind kind; void *data[2]; }</c></summary>
[StructLayout(LayoutKind.Sequential)]
internal struct CXType
{
    public TypeKind Kind;
    public nint Data0;
    public nint Data1;
}

/// <summary><c>CXString { const void *data; unsigned private_flags; }</c>: always disposed by <see cref="CXStringMarshal"/>.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct CXString
{
    public nint Data;
    public uint PrivateFlags;
}

/// <summary><c>CXSourceLocation { const void *ptr_data[2]; unsigned int_data; }</c></summary>
[StructLayout(LayoutKind.Sequential)]
internal struct CXSourceLocation
{
    public nint PtrData0;
    public nint PtrData1;
    public uint IntData;
}

/// <summary><c>CXSourceRange { const void *ptr_data[2]; unsigned begin_int_data; unsigned end_int_data; }</c></summary>
[StructLayout(LayoutKind.Sequential)]
internal struct CXSourceRange
{
    public nint PtrData0;
    public nint PtrData1;
    public uint BeginIntData;
    public uint EndIntData;
}

/// <summary><c>CXToken { unsigned int_data[4]; void *ptr_data; }</c></summary>
[StructLayout(LayoutKind.Sequential)]
internal struct CXToken
{
    public uint IntData0;
    public uint IntData1;
    public uint IntData2;
    public uint IntData3;
    public nint PtrData;
}

/// <summary><c>struct CXUnsavedFile { const char *Filename; const char *Contents; unsigned long Length; }</c></summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct CXUnsavedFile
{
    public byte* Filename;
    public byte* Contents;
    public CULong Length;
}

/// <summary><c>enum CXErrorCode</c> (CXErrorCode.h), returned by clang_parseTranslationUnit2.</summary>
internal enum CXErrorCode
{
    Success = 0,
    Failure = 1,
    Crashed = 2,
    InvalidArguments = 3,
    ASTReadError = 4,
}

/// <summary><c>enum CXChildVisitResult</c>: what a clang_visitChildren callback asks for next.</summary>
internal enum CXChildVisitResult
{
    Break = 0,
    Continue = 1,
    Recurse = 2,
}

/// <summary><c>enum CXVisitorResult</c>: what a clang_Type_visitFields callback asks for next.</summary>
internal enum CXVisitorResult
{
    Break = 0,
    Continue = 1,
}

/// <summary><c>CXEvalResultKind</c>.</summary>
internal enum CXEvalResultKind
{
    UnExposed = 0,
    Int = 1,
    Float = 2,
    ObjCStrLiteral = 3,
    StrLiteral = 4,
    CFStr = 5,
    Other = 6,
}
