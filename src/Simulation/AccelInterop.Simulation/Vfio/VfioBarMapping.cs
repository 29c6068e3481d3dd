using AccelInterop.Simulation.Kernel;

namespace AccelInterop.Simulation.Vfio;

/// <summary>
/// An mmap of a BAR through the device file: register accesses reach the model while memory decode
/// is on and the function is powered; otherwise the fault handler answers SIGBUS
/// (<c>vfio_pci_vmf_insert_pfn</c>), and access comes back once decode does.
/// </summary>
internal sealed class VfioBarMapping(VfioPciDevice device, int bar, ulong offset, nuint length) : DeviceMemoryMapping(length)
{
    public override int Load(ulong at, int size, out ulong value) => device.LoadBar(bar, offset + at, size, out value);

    public override int Store(ulong at, ulong value, int size) => device.StoreBar(bar, offset + at, value, size);

    protected override void OnDeviceUnmap()
    {
    }
}
