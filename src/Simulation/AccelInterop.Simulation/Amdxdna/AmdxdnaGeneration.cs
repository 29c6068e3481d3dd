namespace AccelInterop.Simulation.Amdxdna;

/// <summary>The device generations amdxdna.md §0 describes; each decides which ops exist.</summary>
public enum AmdxdnaGeneration
{
    /// <summary>AIE2 NPU1 (1022:1502): kernel-mode queue, 64 MiB heap.</summary>
    Aie2Npu1,

    /// <summary>AIE2 NPU4/5/6 (1022:17f0): kernel-mode queue, 512 MiB heap.</summary>
    Aie2Npu4,

    /// <summary>AIE4 NPU3 physical function: only init/fini/sriov; every context op is -EOPNOTSUPP.</summary>
    Aie4Pf,

    /// <summary>AIE4 NPU3 virtual function: user-mode queues, doorbell mmap, WAIT_CMD.</summary>
    Aie4Vf,
}

/// <summary>Facts of a generation (amdxdna.md §0 constants).</summary>
public static class AmdxdnaGenerations
{
    public const ulong DevMemBase = 0x4000000;
    public const ulong HeapChunkSize = 64UL << 20;
    public const ulong DevBoAlignment = 32UL << 10;
    public const int MaxHwctxId = 255;
    public const int MaxArgCount = 4095;
    public const int Aie2MaxCommands = 4;
    public const int Aie4MaxCommands = 32;

    public static bool IsAie2(this AmdxdnaGeneration g) => g is AmdxdnaGeneration.Aie2Npu1 or AmdxdnaGeneration.Aie2Npu4;

    public static ulong HeapMax(this AmdxdnaGeneration g) => g == AmdxdnaGeneration.Aie2Npu1 ? 64UL << 20 : 512UL << 20;

    public static bool HasHwctxInit(this AmdxdnaGeneration g) => g != AmdxdnaGeneration.Aie4Pf;
    public static bool HasHwctxConfig(this AmdxdnaGeneration g) => g.IsAie2();
    public static bool HasCmdSubmit(this AmdxdnaGeneration g) => g.IsAie2();
    public static bool HasCmdWait(this AmdxdnaGeneration g) => g == AmdxdnaGeneration.Aie4Vf;
    public static bool HasGetAieInfo(this AmdxdnaGeneration g) => g != AmdxdnaGeneration.Aie4Pf;
    public static bool HasGetArray(this AmdxdnaGeneration g) => g.IsAie2();
    public static bool HasSetAieState(this AmdxdnaGeneration g) => g.IsAie2();
    public static bool HasSyncDebugBo(this AmdxdnaGeneration g) => g.IsAie2();
    public static bool HasDoorbellMmap(this AmdxdnaGeneration g) => g == AmdxdnaGeneration.Aie4Vf;
    public static bool HasHeapExpand(this AmdxdnaGeneration g) => g.IsAie2();

    /// <summary>Columns of the array (NPU1: 4 usable of 5; NPU4+: 8; NPU3: 4 per VF in this model).</summary>
    public static int TotalColumns(this AmdxdnaGeneration g) => g switch
    {
        AmdxdnaGeneration.Aie2Npu1 => 4,
        AmdxdnaGeneration.Aie2Npu4 => 8,
        _ => 4,
    };

    public const int CoreRows = 4;
}
