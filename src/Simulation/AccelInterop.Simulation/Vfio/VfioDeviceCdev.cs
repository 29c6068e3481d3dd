using AccelInterop.Runtime.Devices;
using AccelInterop.Simulation.Kernel;

namespace AccelInterop.Simulation.Vfio;

/// <summary>
/// A device's cdev node /dev/vfio/devices/vfioN (<c>device_cdev.c:vfio_device_fops_cdev_open</c>):
/// every open is a device file without a group, which grants nothing until BIND_IOMMUFD.
/// </summary>
internal sealed class VfioDeviceCdev(VfioPciDevice device) : ICharacterDevice
{
    int ICharacterDevice.Open(SimulatedProcess opener, OpenFlags flags, out IFileOperations? operations)
    {
        operations = new VfioDeviceFile(device, groupFile: null);
        return 0;
    }

    public override string ToString() => $"vfio cdev of {device}";
}
