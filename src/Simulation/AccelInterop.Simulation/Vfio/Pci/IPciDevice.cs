namespace AccelInterop.Simulation.Vfio.Pci;

/// <summary>
/// A PCI function model that vfio-pci can drive: its config space, memory BARs with register
/// side effects, a function reset if it has one, and asynchronous work (a DMA engine, a compute
/// unit) that the kernel steps. It reaches memory and raises interrupts only through the
/// <see cref="IPciBus"/> it was connected to, so vfio-pci needs no change for a second device type.
/// </summary>
public interface IPciDevice
{
    /// <summary>A short model name for traces ("edu").</summary>
    string ModelName { get; }

    /// <summary>The function's config space, as the hardware shows it.</summary>
    PciConfigSpace Config { get; }

    /// <summary>The length of memory BAR <paramref name="bar"/> (0..5); 0 when the BAR is not implemented.</summary>
    ulong BarLength(int bar);

    /// <summary>
    /// The expansion ROM's contents (empty: no ROM BAR). The ROM BAR's window is the image's length
    /// rounded up to a power of two, as QEMU sizes a <c>romfile</c>.
    /// </summary>
    ReadOnlyMemory<byte> ExpansionRom { get; }

    /// <summary>Whether the function has a reset vfio-pci can use (FLR, PM reset...): <c>pci_dev->reset_fn</c>.</summary>
    bool HasFunctionReset { get; }

    /// <summary>A read of <paramref name="size"/> bytes (1, 2, 4 or 8) at <paramref name="offset"/> of BAR <paramref name="bar"/>.</summary>
    ulong ReadRegister(int bar, ulong offset, int size);

    /// <summary>A write of <paramref name="size"/> bytes (1, 2, 4 or 8) at <paramref name="offset"/> of BAR <paramref name="bar"/>.</summary>
    void WriteRegister(int bar, ulong offset, ulong value, int size);

    /// <summary>Does the asynchronous work that is due; true if anything changed.</summary>
    bool Step();

    /// <summary>The function reset (only called when <see cref="HasFunctionReset"/>).</summary>
    void Reset();

    /// <summary>Plugs the function into <paramref name="bus"/> (null: unplugged, DMA and interrupts go nowhere).</summary>
    void Connect(IPciBus? bus);
}
