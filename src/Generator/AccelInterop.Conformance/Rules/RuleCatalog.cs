namespace AccelInterop.Conformance.Rules;

/// <summary>Every rule <c>accelgen check</c> knows, in ID order. docs/conformance.md has one entry per rule.</summary>
public static class RuleCatalog
{
    public static readonly RuleDescriptor LayoutMismatch = new("UAPI-L001", "LayoutMismatch", FindingSeverity.Error,
        "The model's layout or value of a symbol disagrees with what the C compiler computes for the target.");

    public static readonly RuleDescriptor ImplicitHole = new("UAPI-R001", "ImplicitHole", FindingSeverity.Warning,
        "A uAPI struct has an implicit hole between two members; the hole's bytes are undefined and cannot be checked for zero.");

    public static readonly RuleDescriptor TailPadding = new("UAPI-R002", "ImplicitTailPadding", FindingSeverity.Warning,
        "A uAPI struct or union ends in implicit padding the compiler adds for alignment.");

    public static readonly RuleDescriptor TargetDivergence = new("UAPI-R003", "LayoutDiffersBetweenTargets", FindingSeverity.Error,
        "A uAPI struct's size or member offsets differ between targets, so 32-bit callers on a 64-bit kernel see another layout.");

    public static readonly RuleDescriptor ArchDependentType = new("UAPI-R004", "ArchitectureDependentType", FindingSeverity.Warning,
        "A uAPI struct member has a type whose size depends on the architecture (long, size_t, a pointer).");

    public static readonly RuleDescriptor Bitfield = new("UAPI-R005", "BitfieldMember", FindingSeverity.Warning,
        "A uAPI struct has bitfields, whose allocation order is up to each ABI.");

    public static readonly RuleDescriptor EnumMember = new("UAPI-R006", "EnumMember", FindingSeverity.Warning,
        "A uAPI struct member has an enum type, whose size is up to the compiler.");

    public static readonly RuleDescriptor SizeNotMultipleOf8 = new("UAPI-R007", "SizeNotMultipleOf8", FindingSeverity.Warning,
        "A struct with a 64-bit member has a size that is not a multiple of 8 on some target.");

    public static readonly RuleDescriptor SizeTypeRequest = new("UAPI-R008", "RequestEncodesSizeOfSizeType", FindingSeverity.Error,
        "A request's size field encodes the size of a size_t, long or pointer instead of the argument struct.");

    public static readonly RuleDescriptor ArchDependentConstant = new("UAPI-R009", "ArchitectureDependentConstant", FindingSeverity.Warning,
        "A constant's value differs between targets that encode requests alike (e.g. ~0UL).");

    public static readonly RuleDescriptor DirectionCannotCarryOutput = new("UAPI-R010", "DirectionCannotCarryOutput", FindingSeverity.Warning,
        "A request's direction does not copy the argument back to user space, yet the argument looks like it has outputs.");

    public static readonly RuleDescriptor DuplicateRequestNumber = new("UAPI-R011", "DuplicateRequestNumber", FindingSeverity.Error,
        "Two different requests of one uAPI share an ioctl type and number.");

    public static readonly RuleDescriptor RequestSizeOverflow = new("UAPI-R012", "RequestSizeOverflowsSizeField", FindingSeverity.Error,
        "A request's argument is bigger than the target's ioctl size field holds, so its size runs into the direction bits.");

    public static IReadOnlyList<RuleDescriptor> All { get; } =
    [
        LayoutMismatch, ImplicitHole, TailPadding, TargetDivergence, ArchDependentType, Bitfield, EnumMember,
        SizeNotMultipleOf8, SizeTypeRequest, ArchDependentConstant, DirectionCannotCarryOutput, DuplicateRequestNumber,
        RequestSizeOverflow,
    ];

    public static RuleDescriptor? Find(string id) => All.FirstOrDefault(r => string.Equals(r.Id, id, StringComparison.OrdinalIgnoreCase));
}
