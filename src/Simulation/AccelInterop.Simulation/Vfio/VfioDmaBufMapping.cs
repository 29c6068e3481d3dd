using AccelInterop.Simulation.Kernel;
using static AccelInterop.Runtime.Errors.Errno;

namespace AccelInterop.Simulation.Vfio;

/// <summary>
/// An mmap of a vfio-pci dma-buf (proposed series): accesses reach the BAR through the buffer's
/// ranges while the buffer is live and its device open; otherwise the fault handler answers
/// SIGBUS (here -EFAULT, which the register accessors turn into a <c>MappingFaultException</c>).
/// </summary>
internal sealed class VfioDmaBufMapping(VfioPciDmaBuf buffer, ulong offset, nuint length, VfioDmaBufMemoryAttribute attribute)
    : DeviceMemoryMapping(length)
{
    public VfioDmaBufMemoryAttribute Attribute { get; } = attribute;

    public override int Load(ulong at, int size, out ulong value)
    {
        value = 0;
        return Reach(at, size, out VfioPciDevice? device, out ulong barOffset) ? device!.LoadBar(buffer.Bar, barOffset, size, out value) : -EFAULT;
    }

    public override int Store(ulong at, ulong value, int size) =>
        Reach(at, size, out VfioPciDevice? device, out ulong barOffset) ? device!.StoreBar(buffer.Bar, barOffset, value, size) : -EFAULT;

    protected override void OnDeviceUnmap()
    {
    }

    private bool Reach(ulong at, int size, out VfioPciDevice? device, out ulong barOffset)
    {
        device = buffer.Device;
        barOffset = 0;
        return device is not null && buffer.Status == VfioDmaBufStatus.Live && buffer.TranslateOffset(offset + at, size, out barOffset);
    }
}
