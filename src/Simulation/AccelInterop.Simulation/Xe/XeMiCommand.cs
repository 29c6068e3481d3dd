namespace AccelInterop.Simulation.Xe;

/// <summary>
/// The MI commands the simulated engine runs, encoded as <c>instructions/xe_mi_commands.h</c>
/// and <c>xe_instr_defs.h</c> encode them: command type in bits 31:29 (0 for MI), opcode in
/// 28:23, and for multi-dword commands the length minus two in the low bits.
/// <list type="bullet">
/// <item>MI_NOOP, MI_USER_INTERRUPT, MI_ARB_CHECK, MI_ARB_ON_OFF: one dword, no effect on memory
/// (the user interrupt wakes waiters);</item>
/// <item>MI_BATCH_BUFFER_END: the batch returns to the ring;</item>
/// <item>MI_STORE_DATA_IMM: one dword, or with bit 21 a qword, stored at a PPGTT address (or with
/// bit 22, GGTT: the ring's seqno slot in the status page);</item>
/// <item>MI_SEMAPHORE_WAIT (polling): waits until the dword at a PPGTT address compares to the
/// inline value (GT, GTE, LT, LTE, EQ, NEQ in bits 14:12);</item>
/// <item>MI_BATCH_BUFFER_START: jumps to a batch at a PPGTT address (48 bits).</item>
/// </list>
/// Anything else hangs the engine, as does a read or write of an unbound address.
/// </summary>
public static class XeMiCommand
{
    private static uint Instr(uint opcode) => opcode << 23;

    public static uint Noop => Instr(0x0);
    public static uint UserInterrupt => Instr(0x2);
    public static uint ArbCheck => Instr(0x5);
    public static uint ArbOnOff => Instr(0x8);
    public static uint BatchBufferEnd => Instr(0xA);

    /// <summary>MI_SEMAPHORE_WAIT (5 dwords) with MI_SEMW_POLL.</summary>
    public static uint SemaphoreWait(SemaphoreCompare compare) => Instr(0x1c) | (5 - 2) | PollBit | ((uint)compare << 12);

    /// <summary>MI_STORE_DATA_IMM of one dword to a PPGTT address (4 dwords).</summary>
    public static uint StoreDword => Instr(0x20) | (1 + 3 - 2);

    /// <summary>MI_STORE_DATA_IMM of one qword to a PPGTT address (5 dwords).</summary>
    public static uint StoreQword => Instr(0x20) | (2 + 3 - 2) | QwordBit;

    /// <summary>MI_STORE_DATA_IMM of one dword to a GGTT address (the ring's own seqno write).</summary>
    public static uint StoreDwordGgtt => StoreDword | GgttBit;

    /// <summary>MI_BATCH_BUFFER_START (3 dwords) with the PPGTT address-space bit.</summary>
    public static uint BatchBufferStart => Instr(0x31) | PpgttBit | (3 - 2);

    internal const uint GgttBit = 1u << 22;
    internal const uint QwordBit = 1u << 21;
    internal const uint PollBit = 1u << 15;
    internal const uint PpgttBit = 1u << 8;

    internal static uint Opcode(uint header) => (header >> 23) & 0x3F;

    internal static uint CommandType(uint header) => header >> 29;

    /// <summary>Compare operations of MI_SEMAPHORE_WAIT: semaphore memory (SAD) against the inline data (SDD).</summary>
    public enum SemaphoreCompare : uint
    {
        GreaterThan = 0,
        GreaterOrEqual = 1,
        LessThan = 2,
        LessOrEqual = 3,
        Equal = 4,
        NotEqual = 5,
    }
}
