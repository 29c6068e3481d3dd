using System.Buffers;
using AccelInterop.Runtime.Errors;
using AccelInterop.Simulation.Kernel;
using static AccelInterop.Runtime.Errors.Errno;

namespace AccelInterop.Simulation.Drm;

/// <summary>
/// The DRM core's ioctl entry (drm_ioctl, drm_ioctl_kernel, drm_ioctl_permit), per drm-core.md
/// §1: unplugged, type byte, table lookup, then the size/direction rule — the kernel copy is
/// as long as the longer of the caller's and the kernel's definition, the caller's bytes go in
/// only when both have IN, the rest is zero, and only the OUT part goes back, even on error.
/// Allocation-free: small arguments live on the stack, larger ones in pooled buffers.
/// </summary>
internal static class DrmIoctlDispatcher
{
    public const byte DrmIoctlBase = 0x64; // 'd'
    public const int CommandBase = 0x40;
    public const int CommandEnd = 0xA0;
    private const int StackBytes = 128;

    public static int Dispatch(DrmFile file, SimulatedProcess caller, uint command, ulong argument)
    {
        DrmDevice device = file.Device;
        if (device.IsUnplugged)
        {
            return -ENODEV;
        }

        if (IoctlEncoding.Type(command) != DrmIoctlBase)
        {
            return -ENOTTY;
        }

        int number = IoctlEncoding.Number(command);
        DrmIoctlTable table = number is >= CommandBase and < CommandEnd ? device.Driver.Ioctls : device.CoreIoctls;
        int index = number - table.FirstNumber;
        if (index >= table.Length)
        {
            return -EINVAL;
        }

        DrmIoctlDescriptor? ioctl = table[index];
        if (ioctl?.Handler is not DrmIoctlHandler handler)
        {
            return -EINVAL;
        }

        IoctlEncoding encoding = IoctlEncoding.Current;
        int userSize = (int)encoding.Size(command);
        int inSize = (command & ioctl.Command & encoding.InBit) != 0 ? userSize : 0;
        int outSize = (command & ioctl.Command & encoding.OutBit) != 0 ? userSize : 0;
        int kernelSize = Math.Max(Math.Max(inSize, outSize), (int)encoding.Size(ioctl.Command));

        byte[]? rented = null;
        Span<byte> data = kernelSize <= StackBytes
            ? stackalloc byte[StackBytes]
            : (rented = ArrayPool<byte>.Shared.Rent(kernelSize));
        data = data[..kernelSize];
        try
        {
            if (UserMemory.CopyArgumentFromUser(data[..inSize], argument) < 0)
            {
                return -EFAULT;
            }

            data[inSize..].Clear();
            int result = IoctlKernel(file, caller, handler, ioctl.Flags, data);
            if (UserMemory.CopyArgumentToUser(argument, data[..outSize]) < 0)
            {
                result = -EFAULT;
            }

            return result;
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private static int IoctlKernel(DrmFile file, SimulatedProcess caller, DrmIoctlHandler handler, DrmIoctlFlags flags, Span<byte> data)
    {
        if (file.Device.IsUnplugged)
        {
            return -ENODEV;
        }

        int permitted = Permit(flags, file, caller);
        return permitted < 0 ? permitted : handler(file, caller, data);
    }

    // drm_ioctl_permit, in the kernel's order.
    private static int Permit(DrmIoctlFlags flags, DrmFile file, SimulatedProcess caller)
    {
        if ((flags & DrmIoctlFlags.RootOnly) != 0 && !caller.HasSysAdmin)
        {
            return -EACCES;
        }

        if ((flags & DrmIoctlFlags.Auth) != 0 && !file.IsRenderClient && !file.Authenticated)
        {
            return -EACCES;
        }

        if ((flags & DrmIoctlFlags.Master) != 0 && !file.IsMaster)
        {
            return -EACCES;
        }

        if ((flags & DrmIoctlFlags.RenderAllow) == 0 && file.IsRenderClient)
        {
            return -EACCES;
        }

        return 0;
    }
}
