using AccelInterop.Simulation.Kernel;

namespace AccelInterop.Simulation.DmaBufs;

/// <summary>
/// A user mapping of an exporter's memory through the dma-buf file: the process holds the
/// dma-buf's file while the mapping exists, which keeps the exporter's memory, so unmapping has
/// nothing else to drop.
/// </summary>
public sealed class ExporterMemoryMapping(nint address, nuint length) : MemoryMapping(address, length)
{
    protected internal override void OnUnmap()
    {
    }
}
