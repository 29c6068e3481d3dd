namespace AccelInterop.Simulation.Xe;

/// <summary>
/// The Xe2 PAT table as VM_BIND sees it (<c>xe_pat.c:xe2_pat_table</c>): for each of the 32
/// indexes its coherency (0 for the reserved entries 16–19, 1 none, 2 or 3 one- or two-way) and
/// whether it enables compression.
/// </summary>
internal static class XePat
{
    public const int Entries = 32;

    // (coherency mode as XE2_PAT's last argument maps it: 0 -> XE_COH_NONE, reserved entries 0) and comp_en.
    private static readonly (byte Coherency, bool Compressed)[] s_table =
    [
        (1, false), (2, false), (3, false), (1, false), (2, false), (2, false), (1, false), (3, false),
        (1, false), (1, true), (1, true), (1, true), (1, true), (1, false), (1, true), (1, true),
        (0, false), (0, false), (0, false), (0, false),
        (1, false), (1, true), (2, false), (3, false), (1, false), (1, true), (2, false), (3, false),
        (1, false), (1, true), (2, false), (3, false),
    ];

    /// <summary>XE_COH_NONE: the GPU does not snoop the CPU caches.</summary>
    public const byte CoherencyNone = 1;

    public static byte Coherency(ushort index) => s_table[index].Coherency;

    public static bool IsCompressed(ushort index) => s_table[index].Compressed;
}
