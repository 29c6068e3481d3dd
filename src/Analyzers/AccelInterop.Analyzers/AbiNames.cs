using AccelInterop.Shared;
using Microsoft.CodeAnalysis;

namespace AccelInterop.Analyzers;

/// <summary>The runtime types the rules key on: the generated ABI-fact attributes and the call result type.</summary>
internal static class AbiNames
{
    public const string MustBeZero = RuntimeNames.MustBeZeroAttribute;
    public const string FlagFamily = RuntimeNames.FlagFamilyAttribute;
    public const string SysResult = RuntimeNames.SysResultFullName;

    public static AttributeData? Find(ISymbol symbol, INamedTypeSymbol? attribute)
    {
        if (attribute == null)
        {
            return null;
        }

        foreach (var a in symbol.GetAttributes())
        {
            if (SymbolEqualityComparer.Default.Equals(a.AttributeClass, attribute))
            {
                return a;
            }
        }

        return null;
    }
}

internal static class Rules
{
    public const string AbiCategory = "AccelInterop.Abi";
    public const string UsageCategory = "AccelInterop.Usage";

    public static readonly DiagnosticDescriptor MustBeZero = new DiagnosticDescriptor("UAPI0001",
        "Non-zero value written to a must-be-zero member",
        "'{0}' must be zero when passed to the kernel, but {1} is written to it", AbiCategory, DiagnosticSeverity.Warning,
        isEnabledByDefault: true, description: "Pad, reserved and MBZ members are checked by the kernel; a non-zero value makes the ioctl fail with EINVAL.");

    public static readonly DiagnosticDescriptor FlagOutsideFamily = new DiagnosticDescriptor("UAPI0002",
        "Flag bits outside the member's flag family",
        "'{0}' takes {1} flags, but 0x{2:x} sets bits none of them has", AbiCategory, DiagnosticSeverity.Warning,
        isEnabledByDefault: true, description: "The kernel rejects unknown flag bits; a constant with bits outside the member's family is a mix-up of flag families or a typo.");

    public static readonly DiagnosticDescriptor ResultDiscarded = new DiagnosticDescriptor("UAPI0006",
        "Ioctl result discarded",
        "The result of '{0}' is discarded; check it or call the ...OrThrow form", UsageCategory, DiagnosticSeverity.Warning,
        isEnabledByDefault: true, description: "An ioctl that fails leaves its output members unset; ignoring the result reads garbage later.");

    public static readonly DiagnosticDescriptor RawRequest = new DiagnosticDescriptor("UAPI0003",
        "Raw request number where a generated request exists",
        "{0} is {1}; use the generated request, whose number is right on every architecture", UsageCategory, DiagnosticSeverity.Warning,
        isEnabledByDefault: true, description: "Request numbers encode direction and size differently per architecture (powerpc, mips); a literal is right on one of them only.");

    public static readonly DiagnosticDescriptor UnpinnedPointer = new DiagnosticDescriptor("UAPI0004",
        "User pointer to memory that may move",
        "'{0}' is a user pointer the kernel dereferences, but {1}", AbiCategory, DiagnosticSeverity.Warning,
        isEnabledByDefault: true, description: "The kernel reads or writes through user-pointer members during the call; the memory must stay pinned (fixed, GCHandle, native memory) until the ioctl returns.");

    public static readonly DiagnosticDescriptor ReadAfterWriteOnly = new DiagnosticDescriptor("UAPI0005",
        "Output read after a write-only request",
        "'{0}' is read after {1}, a write-only (_IOW) request: the kernel does not fill it", UsageCategory, DiagnosticSeverity.Warning,
        isEnabledByDefault: true, description: "An _IOW request only copies the argument to the kernel; members the caller did not set are not outputs.");

    public static readonly DiagnosticDescriptor NotZeroed = new DiagnosticDescriptor("UAPI0007",
        "Ioctl argument not zero-initialised",
        "'{0}' is passed to an ioctl but was not zero-initialised ({1}); start from 'default' so padding and unset members are zero", AbiCategory, DiagnosticSeverity.Warning,
        isEnabledByDefault: true, description: "The kernel reads every byte of the argument, including padding and reserved members; uninitialised stack memory makes the call fail or leak.");

    public static readonly DiagnosticDescriptor CrossDeviceHandle = new DiagnosticDescriptor("UAPI0008",
        "Handle passed to another device file",
        "'{0}' was obtained through '{1}' but is passed to an ioctl on '{2}': handles are per open file", UsageCategory, DiagnosticSeverity.Warning,
        isEnabledByDefault: true, description: "GEM handles, syncobjs, contexts and VM ids name objects in one open file's table; another file sees a different object or none. Share buffers through PRIME file descriptors.");

    public static readonly DiagnosticDescriptor MarshalLayout = new DiagnosticDescriptor("UAPI0009",
        "Marshal layout of a uAPI struct",
        "{0} gives the marshalled layout of '{1}', not the native one the kernel uses; use sizeof/Unsafe.SizeOf or the generated layout", AbiCategory, DiagnosticSeverity.Warning,
        isEnabledByDefault: true, description: "Marshal.SizeOf/OffsetOf describe the marshalled form; fixed arrays bound as [InlineArray] are not marshalled as their native size.");
}
