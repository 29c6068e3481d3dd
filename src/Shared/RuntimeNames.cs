namespace AccelInterop.Shared;

/// <summary>
/// The Runtime's type and member names that generated code, the emitter's templates and the
/// analyzers spell: one place, linked into each assembly that needs them (the Runtime tests
/// check by reflection that every name here exists). Type names are simple names; the
/// namespaces and full names follow from them.
/// </summary>
internal static class RuntimeNames
{
    public const string AbiNamespace = "AccelInterop.Runtime.Abi";
    public const string IoctlNamespace = "AccelInterop.Runtime.Ioctl";
    public const string ErrorsNamespace = "AccelInterop.Runtime.Errors";

    // ABI-fact attributes on generated members, as C# code spells them (without "Attribute").
    public const string MustBeZero = "MustBeZero";
    public const string UserPointer = "UserPointer";
    public const string Handle = "Handle";
    public const string FlagFamily = "FlagFamily";
    public const string CType = "CType";
    public const string RequestDirection = "RequestDirection";
    public const string FileDescriptor = "FileDescriptor";

    // Named arguments of [UserPointer]; handle and file-descriptor kinds are strings (an open set
    // named per driver: "gem", "xe.exec_queue"), compared by name, not members of a Runtime enum.
    public const string UserPointerPointsTo = "PointsTo";
    public const string UserPointerCountMember = "CountMember";

    public const string MustBeZeroAttribute = AbiNamespace + "." + MustBeZero + "Attribute";
    public const string UserPointerAttribute = AbiNamespace + "." + UserPointer + "Attribute";
    public const string HandleAttribute = AbiNamespace + "." + Handle + "Attribute";
    public const string FileDescriptorAttribute = AbiNamespace + "." + FileDescriptor + "Attribute";
    public const string FlagFamilyAttribute = AbiNamespace + "." + FlagFamily + "Attribute";
    public const string RequestDirectionAttribute = AbiNamespace + "." + RequestDirection + "Attribute";

    // Helpers generated code calls, so the logic lives once in the Runtime.
    public const string LayoutCheck = "LayoutCheck";
    public const string LayoutCheckRow = "Row";
    public const string LayoutCheckOffset = "Offset";
    public const string LayoutCheckBits = "Bits";
    public const string AbiLayout = "AbiLayout";
    public const string AbiLayoutSelect = "Select";
    public const string Bitfield = "Bitfield";
    public const string BitfieldGet = "Get";
    public const string BitfieldGetSigned = "GetSigned";
    public const string BitfieldSet = "Set";
    public const string FlexibleArray = "FlexibleArray";
    public const string FlexibleArraySpan = "Span";
    public const string FlexibleArraySizeOf = "SizeOf";

    // Ioctl requests.
    public const string IoctlRequest = "IoctlRequest";
    public const string IoctlDirection = "IoctlDirection";
    public const string IoctlArchitecture = "IoctlArchitecture";
    public const string IoctlArchitectureSelect = "Select";
    public const string IoctlArchitectureCurrent = "Current";

    public const string SysResult = "SysResult";
    public const string SysResultFullName = ErrorsNamespace + "." + SysResult;

    /// <summary>Every (namespace, type, member or null) above, for the reflection test.</summary>
    public static readonly string?[][] All =
    {
        new[] { AbiNamespace, MustBeZero + "Attribute", null },
        new[] { AbiNamespace, UserPointer + "Attribute", null },
        new[] { AbiNamespace, Handle + "Attribute", null },
        new[] { AbiNamespace, FlagFamily + "Attribute", null },
        new[] { AbiNamespace, CType + "Attribute", null },
        new[] { AbiNamespace, RequestDirection + "Attribute", null },
        new[] { AbiNamespace, FileDescriptor + "Attribute", null },
        new[] { AbiNamespace, UserPointer + "Attribute", UserPointerPointsTo },
        new[] { AbiNamespace, UserPointer + "Attribute", UserPointerCountMember },
        new[] { AbiNamespace, LayoutCheck, LayoutCheckRow },
        new[] { AbiNamespace, LayoutCheck, LayoutCheckOffset },
        new[] { AbiNamespace, LayoutCheck, LayoutCheckBits },
        new[] { AbiNamespace, AbiLayout, AbiLayoutSelect },
        new[] { AbiNamespace, Bitfield, BitfieldGet },
        new[] { AbiNamespace, Bitfield, BitfieldGetSigned },
        new[] { AbiNamespace, Bitfield, BitfieldSet },
        new[] { AbiNamespace, FlexibleArray, FlexibleArraySpan },
        new[] { AbiNamespace, FlexibleArray, FlexibleArraySizeOf },
        new[] { IoctlNamespace, IoctlRequest, null },
        new[] { IoctlNamespace, IoctlRequest + "`1", null },
        new[] { IoctlNamespace, IoctlDirection, null },
        new[] { IoctlNamespace, IoctlArchitecture, IoctlArchitectureSelect },
        new[] { IoctlNamespace, IoctlArchitecture, IoctlArchitectureCurrent },
        new[] { ErrorsNamespace, SysResult, null },
    };
}
