namespace AccelInterop.Conformance.Tests.Diff;

/// <summary>One small edit of a uAPI header: the header before and after (each a complete header).</summary>
public sealed record MicroChange(string Name, string Old, string New)
{
    public override string ToString() => Name;
}

/// <summary>
/// The micro-change suite written for these tests: one ABI edit per case, each in its own tiny
/// uAPI header, so that every change abidiff reports belongs to exactly one case.
/// </summary>
public static class MicroChanges
{
    private const string Prologue = "#include <linux/types.h>\n#include <linux/ioctl.h>\n";

    private static MicroChange Case(string name, string old, string @new) => new(name, Prologue + old + "\n", Prologue + @new + "\n");

    public static readonly IReadOnlyList<MicroChange> All =
    [
        Case("append",
            "struct mc_append { __u32 a; __u32 b; };",
            "struct mc_append { __u32 a; __u32 b; __u32 c; __u32 d; };"),
        Case("append_extensible",
            "struct mc_ext { __u32 argsz; __u32 flags; __u64 addr; };",
            "struct mc_ext { __u32 argsz; __u32 flags; __u64 addr; __u64 size; };"),
        Case("reorder",
            "struct mc_reorder { __u32 a; __u16 b; __u16 c; };",
            "struct mc_reorder { __u32 a; __u16 c; __u16 b; };"),
        Case("sign_change",
            "struct mc_sign { __s32 value; __u32 other; };",
            "struct mc_sign { __u32 value; __u32 other; };"),
        Case("shrink",
            "struct mc_shrink { __u64 a; __u32 b; __u32 c; };",
            "struct mc_shrink { __u32 a; __u32 b; __u32 c; };"),
        Case("widen",
            "struct mc_widen { __u32 a; __u32 b; __u64 c; };",
            "struct mc_widen { __u32 a; __u64 b; __u64 c; };"),
        Case("array_split",
            "struct mc_split { __u32 data[4]; };",
            "struct mc_split { __u32 data[2]; __u32 more[2]; };"),
        Case("bitfield_swap",
            "struct mc_bits { __u32 x : 4; __u32 y : 4; __u32 rest : 24; };",
            "struct mc_bits { __u32 y : 4; __u32 x : 4; __u32 rest : 24; };"),
        Case("union_shrink",
            "union mc_union { __u64 big; __u32 small; };",
            "union mc_union { __u32 big; __u32 small; };"),
        Case("enum_value_swap",
            "enum mc_swap { MC_SWAP_A = 1, MC_SWAP_B = 2 };",
            "enum mc_swap { MC_SWAP_A = 2, MC_SWAP_B = 1 };"),
        Case("enumerator_added",
            "enum mc_grow { MC_GROW_A = 0, MC_GROW_B = 1 };",
            "enum mc_grow { MC_GROW_A = 0, MC_GROW_B = 1, MC_GROW_C = 2 };"),
        Case("struct_removed",
            "struct mc_keep { __u32 a; };\nstruct mc_gone { __u32 a; __u32 b; };",
            "struct mc_keep { __u32 a; };"),
        Case("struct_added",
            "struct mc_keep { __u32 a; };",
            "struct mc_keep { __u32 a; };\nstruct mc_new { __u64 a; };"),
        Case("pad_used",
            "struct mc_pad { __u32 flags; __u32 pad; __u64 addr; };",
            "struct mc_pad { __u32 flags; __u32 count; __u64 addr; };"),
        Case("ioctl_renumbered",
            "struct mc_arg { __u32 handle; __u32 flags; };\n#define MC_IOCTL_DO _IOWR('M', 0x01, struct mc_arg)",
            "struct mc_arg { __u32 handle; __u32 flags; };\n#define MC_IOCTL_DO _IOWR('M', 0x02, struct mc_arg)"),
        Case("drm_extension_growth",
            "struct mc_drm { __u64 extensions; __u32 handle; __u32 flags; };\n#define MC_IOCTL_DRM _IOWR('d', 0x40, struct mc_drm)",
            "struct mc_drm { __u64 extensions; __u32 handle; __u32 flags; __u64 user_data; };\n#define MC_IOCTL_DRM _IOWR('d', 0x40, struct mc_drm)"),
        Case("ioctl_direction",
            "struct mc_dir { __u32 handle; __u32 flags; };\n#define MC_IOCTL_SET _IOW('M', 0x03, struct mc_dir)",
            "struct mc_dir { __u32 handle; __u32 flags; };\n#define MC_IOCTL_SET _IOWR('M', 0x03, struct mc_dir)"),
    ];

    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (var c in All)
        {
            data.Add(c.Name);
        }

        return data;
    }

    public static MicroChange Named(string name) => All.Single(c => c.Name == name);
}
