namespace AccelInterop.Simulation.Vfio;

/// <summary>
/// The simulated host IOMMU every domain is made on (one fact, one place, for type1 and iommufd):
/// an x86 IOMMU with a 48-bit aperture, 4 KiB/2 MiB/1 GiB pages, and the interrupt window it
/// reserves for MSI (IOMMU_RESV_MSI).
/// </summary>
internal static class IommuGeometry
{
    /// <summary>intel-iommu's page sizes: 4 KiB, 2 MiB, 1 GiB.</summary>
    public const ulong PageSizeBitmap = (1UL << 12) | (1UL << 21) | (1UL << 30);

    /// <summary>The smallest IOMMU page.</summary>
    public const ulong MinimumPage = 1UL << 12;

    /// <summary>The x86 interrupt window the IOMMU reserves.</summary>
    public const ulong MsiWindowStart = 0xfee00000, MsiWindowLast = 0xfeefffff;

    /// <summary>The last address of a 48-bit aperture.</summary>
    public const ulong ApertureLast = (1UL << 48) - 1;

    /// <summary>The addresses a domain can map: the aperture less the MSI window, as inclusive [start, last] pairs.</summary>
    public static ReadOnlySpan<ulong> UsableRanges => [0, MsiWindowStart - 1, MsiWindowLast + 1, ApertureLast];
}
