namespace AccelInterop.Simulation.Xe;

/// <summary>
/// What a simulated Xe device is, fixed when it is created: an integrated part (system memory
/// only) or a discrete one (VRAM, a CPU-visible part of it, the PCI barrier page). The values
/// follow the platform descriptors of <c>drivers/gpu/drm/xe/xe_pci.c</c> (Lunar Lake,
/// Battlemage); the memory sizes are kept small because the simulation backs every BO with host
/// memory.
/// </summary>
public sealed record XeConfiguration
{
    /// <summary>Lunar Lake-like: graphics 20.04, media 20, no VRAM, USM (fault-mode VMs), 48-bit VAs.</summary>
    public static XeConfiguration Integrated { get; } = new()
    {
        Name = "integrated",
        DeviceId = 0x64A0,
        RevisionId = 4,
        GraphicsVersion = 20,
        GraphicsRelease = 4,
        IsDiscrete = false,
        SystemMemorySize = 1UL << 32,
        Engines =
        [
            new(XeEngineClass.Render, 0, 0),
            new(XeEngineClass.Copy, 0, 0),
            new(XeEngineClass.Compute, 0, 0),
            new(XeEngineClass.VideoDecode, 0, 1),
            new(XeEngineClass.VideoDecode, 1, 1),
            new(XeEngineClass.VideoEnhance, 0, 1),
        ],
    };

    /// <summary>Battlemage-like: graphics 20.01, one VRAM region with a CPU-visible window, NEED64K, the PCI barrier page.</summary>
    public static XeConfiguration Discrete { get; } = new()
    {
        Name = "discrete",
        DeviceId = 0xE20B,
        RevisionId = 0,
        GraphicsVersion = 20,
        GraphicsRelease = 1,
        IsDiscrete = true,
        SystemMemorySize = 1UL << 32,
        VramSize = 1UL << 30,
        VisibleVramSize = 256UL << 20,
        Engines =
        [
            new(XeEngineClass.Render, 0, 0),
            new(XeEngineClass.Copy, 0, 0),
            new(XeEngineClass.Compute, 0, 0),
            new(XeEngineClass.Compute, 1, 0),
            new(XeEngineClass.VideoDecode, 0, 1),
            new(XeEngineClass.VideoDecode, 1, 1),
            new(XeEngineClass.VideoEnhance, 0, 1),
        ],
    };

    public required string Name { get; init; }
    public required ushort DeviceId { get; init; }
    public required ushort RevisionId { get; init; }

    /// <summary>GRAPHICS_VER: 20 for Xe2 (decides NO_COMPRESSION, the engine-cycles width, the config flags).</summary>
    public required int GraphicsVersion { get; init; }
    public required int GraphicsRelease { get; init; }

    /// <summary>IS_DGFX: VRAM regions, NEED64K alignment and the PCI barrier page.</summary>
    public required bool IsDiscrete { get; init; }
    public required ulong SystemMemorySize { get; init; }
    public ulong VramSize { get; init; }
    public ulong VisibleVramSize { get; init; }

    /// <summary>Every engine of every GT (GT 0 the main GT, GT 1 the media GT), in the order the engines query lists them.</summary>
    public required IReadOnlyList<XeHwEngine> Engines { get; init; }

    /// <summary>info.va_bits: the size of a VM.</summary>
    public int VaBits { get; init; } = 48;

    /// <summary>info.has_usm: fault-mode VMs are possible.</summary>
    public bool HasUsm { get; init; } = true;

    /// <summary>Whether the engine-cycles timestamp is 64 bits wide (graphics 20 and later) or 36.</summary>
    public uint TimestampWidth => GraphicsVersion >= 20 ? 64u : 36u;

    /// <summary>The reference clock of every GT, in Hz (19.2 MHz crystal).</summary>
    public uint ReferenceClock { get; init; } = 19_200_000;

    /// <summary>Memory regions as the placement mask counts them: bit 0 system, bit 1 VRAM on a discrete part.</summary>
    public uint MemoryRegionMask => IsDiscrete ? 0b11u : 0b1u;

    /// <summary>Number of GTs (a main and a media GT on both parts).</summary>
    public int GtCount => 2;

    /// <summary>Engines the multi-LRC (parallel) submission allows (<c>MULTI_LRC_MASK</c>: video decode and enhance).</summary>
    public bool IsMultiLrcClass(XeEngineClass engineClass) => engineClass is XeEngineClass.VideoDecode or XeEngineClass.VideoEnhance;

    /// <summary>The minimum BO alignment the config query reports: 64 KiB with NEED64K VRAM, else 4 KiB.</summary>
    public ulong MinAlignment => IsDiscrete ? 64UL << 10 : 4UL << 10;

    /// <summary>info.needs_scratch (both Lunar Lake and Battlemage): SCRATCH_PAGE may go with FAULT_MODE.</summary>
    public bool NeedsScratch => true;

    /// <summary>Whether PXP is present (the integrated part): the PXP status query says -ENODEV without it.</summary>
    public bool HasPxp => !IsDiscrete;

    /// <summary>Dual-subslices of the main GT (its geometry and compute DSS masks).</summary>
    public int DualSubslices => IsDiscrete ? 20 : 8;

    /// <summary>EUs per dual-subslice (SIMD16 on Xe2).</summary>
    public uint EusPerDss => 8;

    /// <summary>The GuC submission interface version the UC_FW_VERSION query reports.</summary>
    public (uint Major, uint Minor, uint Patch) GucVersion => (1, 14, 0);

    /// <summary>The HuC firmware version the UC_FW_VERSION query reports.</summary>
    public (uint Major, uint Minor, uint Patch) HucVersion => (9, 4, 13);

    public override string ToString() => Name;
}
