namespace AccelInterop.Simulation.Vfio.Pci;

/// <summary>
/// What a PCI function sees of the machine: DMA through the IOMMU of the domain it is attached
/// to, and its interrupt. Results are 0 or <c>-errno</c>.
/// </summary>
public interface IPciBus
{
    /// <summary>Reads device-visible memory at <paramref name="address"/> (an IOVA); -EFAULT when the IOMMU has no mapping there.</summary>
    int DmaRead(ulong address, Span<byte> destination);

    /// <summary>Writes device-visible memory at <paramref name="address"/>; -EFAULT when the IOMMU has no writable mapping there.</summary>
    int DmaWrite(ulong address, ReadOnlySpan<byte> source);

    /// <summary>Whether MSI or MSI-X is enabled (the function then signals by message, not by its INTx line).</summary>
    bool IsMsiEnabled { get; }

    /// <summary>Sends message vector <paramref name="vector"/> through whichever of MSI and MSI-X is enabled.</summary>
    void SignalMsi(int vector);

    /// <summary>Drives the INTx line: asserted or not (level triggered).</summary>
    void SetIntx(bool asserted);
}
