using AccelInterop.Runtime.Devices;
using AccelInterop.Runtime.Errors;

namespace AccelInterop.KernelLane;

/// <summary>
/// The kernel the scenarios run on, with what differs between the real one in the VM and the
/// simulated one: where edu sits, how user memory becomes visible to the kernel, and the memfd
/// calls DeviceFile does not wrap.
/// </summary>
public unsafe interface ILaneHost
{
    IKernelBackend Kernel { get; }

    /// <summary>The PCI address of QEMU's edu device, bound to vfio-pci.</summary>
    string EduAddress { get; }

    /// <summary>The VFIO group node edu is alone in (<c>/dev/vfio/N</c>).</summary>
    string EduGroupPath { get; }

    /// <summary>
    /// Makes <paramref name="length"/> bytes at <paramref name="address"/> readable by the kernel through
    /// user pointers (a simulated kernel only copies from registered memory; the real one needs nothing).
    /// </summary>
    IDisposable ShareMemory(void* address, nuint length);

    /// <summary>memfd_create(MFD_ALLOW_SEALING | MFD_CLOEXEC), ftruncate to <paramref name="size"/>, then F_ADD_SEALS <paramref name="seals"/> when not 0; the fd.</summary>
    SysResult CreateMemfd(ulong size, uint seals);
}
