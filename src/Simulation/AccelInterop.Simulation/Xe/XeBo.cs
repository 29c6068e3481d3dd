using AccelInterop.Simulation.Drm;
using static AccelInterop.Runtime.Errors.Errno;

namespace AccelInterop.Simulation.Xe;

/// <summary>
/// An xe buffer object (<c>struct xe_bo</c>): its placement mask (bit 0 system memory, bit 1
/// VRAM), creation flags, CPU caching mode, and — for a VM-private BO — the VM whose reservation
/// it shares, which makes it unexportable (<c>xe_dma_buf.c:xe_gem_prime_export</c>: -EPERM).
/// </summary>
public sealed class XeBo : GemObject
{
    internal XeBo(DrmDevice device, ulong size, uint placement, uint flags, ushort cpuCaching, XeVm? privateTo, bool backing = true)
        : base(device, size, backing)
    {
        Placement = placement;
        Flags = flags;
        CpuCaching = cpuCaching;
        PrivateTo = privateTo?.Get();
        InVram = (placement & ~1u) != 0;
    }

    public uint Placement { get; }
    public uint Flags { get; }
    public ushort CpuCaching { get; }

    /// <summary>The VM this BO is private to (it holds a reference), or null.</summary>
    public XeVm? PrivateTo { get; private set; }

    /// <summary>
    /// Whether the BO lives in VRAM now: at creation when any VRAM region is among its placements
    /// (the kernel lists VRAM first), later wherever PREFETCH moved it (<see cref="XeDriver.Migrate"/>).
    /// </summary>
    public bool InVram { get; internal set; }

    public override int CanExport() => PrivateTo is not null ? -EPERM : 0;

    protected override void OnFree()
    {
        (Device.Driver as XeDriver)?.Unaccount(this);
        PrivateTo?.Put();
        PrivateTo = null;
        base.OnFree();
    }
}
